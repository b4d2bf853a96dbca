package io.cludeobs.it.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpReceiver;
import io.cludeobs.it.support.OtlpReceiver.Protocol;
import io.cludeobs.it.support.SpanTree;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 3: the baggage a trace starts with (the configured entries and {@code session.id})
 * travels across every hand-off, so every span of every tree carries it; the session id comes from
 * the configured source.
 */
class BaggageTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void baggageAndSessionIdFromASystemPropertyAreOnEverySpanAcrossEveryHandOff(String jdk) {
    Path home = Jdks.resolve(jdk);
    List<String> expected = new ArrayList<>(HandOffRuns.trees(HandOffRuns.PORTABLE));
    List<String> args = new ArrayList<>(List.of("portable"));
    if (Jdks.featureVersion(home) >= 21) {
      expected.addAll(HandOffRuns.trees(HandOffRuns.VIRTUAL));
      args.add("virtual");
    }
    int spans = expected.stream().mapToInt(t -> (int) t.lines().count()).sum();
    try (OtlpReceiver receiver = OtlpReceiver.start(Protocol.HTTP_PROTOBUF)) {
      Jvm.Result run =
          HandOffRuns.app(home, args.toArray(new String[0]))
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
              .sysProp("acme.session", "s-42")
              .sysProp("clude.obs.context.session_id_source", "property:acme.session")
              .sysProp("clude.obs.context.baggage", "tenant=acme,run=night%20shift")
              .run(Duration.ofSeconds(120));
      run.assertExitCode(0);
      assertThat(HandOffTest.agentLines(run.stderr())).isEmpty();

      List<Span> received = receiver.awaitSpans(spans, Duration.ofSeconds(20));
      assertThat(HandOffTest.trees(received)).containsExactlyElementsOf(expected);
      assertThat(received).hasSize(spans);
      for (Span span : received) {
        assertThat(SpanTree.attributes(span))
            .as(span.getName())
            .containsEntry("session.id", "s-42")
            .containsEntry("tenant", "acme")
            .containsEntry("run", "night shift");
      }
    }
  }

  @Test
  void onlyTheChosenBaggageKeysBecomeAttributesAndTheSessionIdComesFromAnEnvVar() {
    try (OtlpReceiver receiver = OtlpReceiver.start(Protocol.HTTP_PROTOBUF)) {
      Jvm.Result run =
          HandOffRuns.app(Jdks.current(), "threadPoolExecute", "asyncChain")
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
              .env("ACME_SESSION", "env-7")
              .sysProp("clude.obs.context.session_id_source", "env:ACME_SESSION")
              .sysProp("clude.obs.context.baggage", "tenant=acme,secret=x")
              .sysProp("clude.obs.context.baggage_attributes", "tenant")
              .run(Duration.ofSeconds(60));
      run.assertExitCode(0);
      List<Span> received = receiver.awaitSpans(8, Duration.ofSeconds(20));
      assertThat(received).hasSize(8);
      for (Span span : received) {
        Map<String, Object> attributes = SpanTree.attributes(span);
        assertThat(attributes).as(span.getName()).containsEntry("session.id", "env-7").containsEntry("tenant", "acme");
        assertThat(attributes).as(span.getName()).doesNotContainKey("secret");
      }
    }
  }

  @Test
  void withoutASourceOneGeneratedSessionIdIsOnEverySpan() {
    try (OtlpReceiver receiver = OtlpReceiver.start(Protocol.HTTP_PROTOBUF)) {
      Jvm.Result run =
          HandOffRuns.app(Jdks.current(), "threadPoolExecute", "plainThread")
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
              .run(Duration.ofSeconds(60));
      run.assertExitCode(0);
      List<Span> received = receiver.awaitSpans(6, Duration.ofSeconds(20));
      assertThat(received).hasSize(6);
      Set<Object> ids = new HashSet<>();
      for (Span span : received) {
        ids.add(SpanTree.attributes(span).get("session.id"));
      }
      assertThat(ids).hasSize(1);
      String id = (String) ids.iterator().next();
      assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    }
  }
}
