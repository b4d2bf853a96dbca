package io.cludeobs.agent.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionBaggageTest {

  private static Map<String, String> entries() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("tenant", "acme");
    m.put("session.id", "configured-loses");
    return m;
  }

  @Test
  void theRootBaggageHoldsTheEntriesAndTheSessionIdWhichWins() {
    SessionBaggage session = SessionBaggage.of("s-1", entries(), List.of("*"));
    Baggage baggage = Baggage.fromContext(session.atRoot(Context.root()));
    assertThat(baggage.asMap()).hasSize(2);
    assertThat(baggage.getEntryValue("tenant")).isEqualTo("acme");
    assertThat(baggage.getEntryValue("session.id")).isEqualTo("s-1");
  }

  @Test
  void entriesAlreadyInTheParentBaggageAreKept() {
    SessionBaggage session = SessionBaggage.of("s-1", entries(), List.of("*"));
    Context parent = Context.root().with(Baggage.builder().put("tenant", "other").put("user", "ada").build());
    Baggage baggage = Baggage.fromContext(session.atRoot(parent));
    assertThat(baggage.getEntryValue("tenant")).isEqualTo("other");
    assertThat(baggage.getEntryValue("user")).isEqualTo("ada");
    assertThat(baggage.getEntryValue("session.id")).isEqualTo("s-1");
  }

  @Test
  void everySpanGetsTheSessionIdAndAllBaggageEntriesOfItsParentContext() {
    SessionBaggage session = SessionBaggage.of("s-1", entries(), List.of("*"));
    List<SpanData> spans = record(session);
    assertThat(spans).hasSize(2);
    for (SpanData span : spans) {
      assertThat(span.getAttributes().asMap())
          .containsOnly(
              entry(AttributeKey.stringKey("session.id"), "s-1"), entry(AttributeKey.stringKey("tenant"), "acme"));
    }
  }

  @Test
  void onlyTheChosenKeysBecomeAttributesAndTheSessionIdAlways() {
    SessionBaggage session = SessionBaggage.of("s-1", entries(), List.of("user"));
    List<SpanData> spans = record(session);
    for (SpanData span : spans) {
      assertThat(span.getAttributes().asMap()).containsOnly(entry(AttributeKey.stringKey("session.id"), "s-1"));
    }
  }

  /** A root started under {@link SessionBaggage#atRoot} and a child of it, as the dispatcher starts them. */
  private static List<SpanData> record(SessionBaggage session) {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(session.spanProcessor())
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build()) {
      Tracer tracer = provider.get("test");
      Context parent = session.atRoot(Context.root());
      Span root = tracer.spanBuilder("root").setParent(parent).startSpan();
      Span child = tracer.spanBuilder("child").setParent(parent.with(root)).startSpan();
      child.end();
      root.end();
      return exporter.getFinishedSpanItems();
    }
  }
}
