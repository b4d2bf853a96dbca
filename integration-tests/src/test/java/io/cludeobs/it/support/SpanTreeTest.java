package io.cludeobs.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanTreeTest {

  private static final ByteString TRACE_A = id(16, 0xa);
  private static final ByteString TRACE_B = id(16, 0xb);

  @Test
  void rendersTreeWithOrderingAttributesErrorsAndOrphans() {
    List<Span> spans =
        List.of(
            span(TRACE_A, 1, 0, "agent.run", 100).addAttributes(kv("agent", str("planner"))).build(),
            // same start time as "llm.call": name breaks the tie
            span(TRACE_A, 3, 1, "tool.call", 300)
                .addAttributes(kv("tool", str("search")))
                .addAttributes(kv("attempt", AnyValue.newBuilder().setIntValue(2).build()))
                .build(),
            span(TRACE_A, 2, 1, "llm.call", 300).addAttributes(kv("model", str("gpt"))).build(),
            span(TRACE_A, 4, 3, "http.get", 310)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
                .build(),
            span(TRACE_A, 5, 1, "memory.read", 200).build(),
            // its parent (9) was never received
            span(TRACE_A, 6, 9, "late.child", 150).build(),
            // a trace that started earlier sorts first
            span(TRACE_B, 1, 0, "other.root", 50)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK))
                .addAttributes(kv("tool", str("ignored-order")))
                .build());

    String tree = SpanTree.render(spans, "attempt", "tool", "model", "absent");

    assertThat(tree)
        .isEqualTo(
            "other.root [tool=ignored-order]\n"
                + "agent.run\n"
                + "  memory.read\n"
                + "  llm.call [model=gpt]\n"
                + "  tool.call [attempt=2, tool=search]\n"
                + "    http.get !ERROR\n"
                + "?late.child\n");
  }

  @Test
  void sameSpanIdInDifferentTracesDoesNotLinkTheTraces() {
    List<Span> spans =
        List.of(
            span(TRACE_A, 1, 0, "root.a", 10).build(),
            span(TRACE_B, 2, 1, "child.of.missing.b.root", 20).build());

    assertThat(SpanTree.render(spans)).isEqualTo("root.a\n?child.of.missing.b.root\n");
  }

  @Test
  void attributesAreTyped() {
    Span span =
        span(TRACE_A, 1, 0, "s", 1)
            .addAttributes(kv("s", str("x")))
            .addAttributes(kv("i", AnyValue.newBuilder().setIntValue(7).build()))
            .addAttributes(kv("d", AnyValue.newBuilder().setDoubleValue(1.5).build()))
            .addAttributes(kv("b", AnyValue.newBuilder().setBoolValue(true).build()))
            .addAttributes(
                kv(
                    "a",
                    AnyValue.newBuilder()
                        .setArrayValue(ArrayValue.newBuilder().addValues(str("p")).addValues(str("q")))
                        .build()))
            .addAttributes(
                kv(
                    "kv",
                    AnyValue.newBuilder()
                        .setKvlistValue(
                            KeyValueList.newBuilder().addValues(kv("n", AnyValue.newBuilder().setIntValue(1).build())))
                        .build()))
            .addAttributes(kv("bytes", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {1, -1})).build()))
            .build();

    Map<String, Object> attributes = SpanTree.attributes(span);

    assertThat(attributes)
        .containsExactly(
            Map.entry("s", "x"),
            Map.entry("i", 7L),
            Map.entry("d", 1.5),
            Map.entry("b", true),
            Map.entry("a", List.of("p", "q")),
            Map.entry("kv", Map.of("n", 1L)),
            Map.entry("bytes", ByteString.copyFrom(new byte[] {1, -1})));
    assertThat(SpanTree.render(List.of(span), "bytes", "a", "kv")).isEqualTo("s [bytes=0x01ff, a=[p, q], kv={n=1}]\n");
  }

  @Test
  void byTraceGroupsAndOrdersByStartTime() {
    Span a2 = span(TRACE_A, 2, 1, "a2", 30).build();
    Span a1 = span(TRACE_A, 1, 0, "a1", 20).build();
    Span b1 = span(TRACE_B, 1, 0, "b1", 10).build();

    assertThat(SpanTree.byTrace(List.of(a2, a1, b1))).containsExactly(List.of(b1), List.of(a1, a2));
  }

  @Test
  void hexIsLowerCase() {
    assertThat(SpanTree.hex(ByteString.copyFrom(new byte[] {0x0a, (byte) 0xbc, 0}))).isEqualTo("0abc00");
  }

  private static Span.Builder span(ByteString traceId, int spanId, int parentId, String name, long start) {
    Span.Builder builder = Span.newBuilder().setTraceId(traceId).setSpanId(id(8, spanId)).setName(name);
    builder.setStartTimeUnixNano(start).setEndTimeUnixNano(start + 1000);
    if (parentId != 0) {
      builder.setParentSpanId(id(8, parentId));
    }
    return builder;
  }

  private static ByteString id(int length, int last) {
    byte[] bytes = new byte[length];
    bytes[length - 1] = (byte) last;
    return ByteString.copyFrom(bytes);
  }

  private static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static AnyValue str(String value) {
    return AnyValue.newBuilder().setStringValue(value).build();
  }
}
