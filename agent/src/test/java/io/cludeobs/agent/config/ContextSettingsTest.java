package io.cludeobs.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Paths;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The {@code context.*} settings: session id source, baggage, baggage attributes; the log-correlation switch. */
class ContextSettingsTest {

  private static Loaded loaded() {
    return new Loaded(Paths.get("/srv/app"));
  }

  @Test
  void defaultsAreAGeneratedSessionIdNoBaggageAndEveryBaggageKeyAsAttribute() {
    Loaded l = loaded();
    AgentConfig c = l.load();
    assertThat(l.problems).isEmpty();
    assertThat(UUID.fromString(c.sessionId()).toString()).isEqualTo(c.sessionId());
    assertThat(c.baggage()).isEmpty();
    assertThat(c.baggageAttributes()).containsExactly("*");
    assertThat(c.instrumentationEnabled("log-correlation")).isTrue();
  }

  @Test
  void theSessionIdComesFromTheNamedSystemProperty() {
    AgentConfig c =
        loaded().prop("clude.obs.context.session_id_source", "property:acme.session").prop("acme.session", " s-1 ").load();
    assertThat(c.sessionId()).isEqualTo("s-1");
  }

  @Test
  void theSessionIdComesFromTheNamedEnvVarSetAsAnEnvVarItself() {
    AgentConfig c =
        loaded().env("CLUDE_OBS_CONTEXT_SESSION_ID_SOURCE", "env:ACME_SESSION").env("ACME_SESSION", "e-2").load();
    assertThat(c.sessionId()).isEqualTo("e-2");
  }

  @Test
  void withoutASourceTheSessionIdResourceAttributeIsUsedAsTheAuditLogDid() {
    AgentConfig c = loaded().env("OTEL_RESOURCE_ATTRIBUTES", "session.id=r-3,team=x").load();
    assertThat(c.sessionId()).isEqualTo("r-3");
  }

  @Test
  void anExplicitSourceWinsOverTheResourceAttribute() {
    AgentConfig c =
        loaded()
            .env("OTEL_RESOURCE_ATTRIBUTES", "session.id=r-3")
            .prop("clude.obs.context.session_id_source", "generated")
            .load();
    assertThat(c.sessionId()).isNotEqualTo("r-3");
    assertThat(UUID.fromString(c.sessionId()).toString()).isEqualTo(c.sessionId());
  }

  @Test
  void anUnsetVariableIsOneLineAndFallsBackToAGeneratedId() {
    Loaded l = loaded().prop("clude.obs.context.session_id_source", "env:NOPE");
    AgentConfig c = l.load();
    assertThat(UUID.fromString(c.sessionId()).toString()).isEqualTo(c.sessionId());
    assertThat(l.problems)
        .containsExactly(
            "clude.obs.context.session_id_source=env:NOPE: env var NOPE is not set; set it or use generated; using a generated id");
  }

  @Test
  void anUnknownSourceIsOneLine() {
    Loaded l = loaded().prop("clude.obs.context.session_id_source", "file:/tmp/x");
    l.load();
    assertThat(l.problems)
        .containsExactly(
            "clude.obs.context.session_id_source=file:/tmp/x: unknown session id source; use generated,"
                + " property:<system property> or env:<variable>; using a generated id");
  }

  @Test
  void baggageEntriesKeepTheirOrderAndArePercentDecoded() {
    Loaded l =
        loaded()
            .prop("clude.obs.context.baggage", " tenant = acme , run=night%20shift,plus=a+b")
            .prop("clude.obs.context.baggage_attributes", "tenant, run");
    AgentConfig c = l.load();
    assertThat(l.problems).isEmpty();
    assertThat(c.baggage()).containsExactly(entry("tenant", "acme"), entry("run", "night shift"), entry("plus", "a+b"));
    assertThat(c.baggageAttributes()).containsExactly("tenant", "run");
  }

  @Test
  void aBadBaggageEntryIsDroppedAloneWithOneLine() {
    Loaded l = loaded().prop("clude.obs.context.baggage", "tenant=acme,novalue,bad key=v");
    AgentConfig c = l.load();
    assertThat(c.baggage()).containsExactly(entry("tenant", "acme"));
    assertThat(l.problems)
        .containsExactly(
            "clude.obs.context.baggage=tenant=acme,novalue,bad key=v: bad entry novalue; write key=value items"
                + " separated by commas, keys without spaces, = or ,; using the other entries",
            "clude.obs.context.baggage=tenant=acme,novalue,bad key=v: bad entry bad key=v; write key=value items"
                + " separated by commas, keys without spaces, = or ,; using the other entries");
  }

  @Test
  void noneCopiesNoBaggageKeyAndABlankValueIsUnset() {
    assertThat(loaded().prop("clude.obs.context.baggage_attributes", "None").load().baggageAttributes()).isEmpty();
    assertThat(loaded().prop("clude.obs.context.baggage_attributes", " ").load().baggageAttributes())
        .containsExactly("*");
  }

  @Test
  void logCorrelationIsSwitchedOffByItsInstrumentationKey() {
    AgentConfig c = loaded().env("CLUDE_OBS_INSTRUMENTATION_LOG_CORRELATION_ENABLED", "false").load();
    assertThat(c.instrumentationEnabled("log-correlation")).isFalse();
  }
}
