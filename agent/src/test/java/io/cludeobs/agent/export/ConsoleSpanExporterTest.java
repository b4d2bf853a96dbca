package io.cludeobs.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ConsoleSpanExporterTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  private static SpanData span(String name, String spanId, SpanContext parent, StatusData status, Attributes attributes) {
    return TestSpanData.builder()
        .setSpanContext(SpanContext.create(TRACE, spanId, TraceFlags.getSampled(), TraceState.getDefault()))
        .setParentSpanContext(parent)
        .setName(name)
        .setKind(SpanKind.INTERNAL)
        .setStartEpochNanos(1_000_000_000L)
        .setEndEpochNanos(1_003_200_000L)
        .setStatus(status)
        .setAttributes(attributes)
        .setHasEnded(true)
        .setTotalRecordedEvents(0)
        .setTotalRecordedLinks(0)
        .build();
  }

  @Test
  void printsOneReadableLinePerSpan() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleSpanExporter exporter = ConsoleSpanExporter.create(new PrintStream(bytes, true));
    SpanContext parent =
        SpanContext.create(TRACE, "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());
    SpanData root = span("invoke_agent A", "00f067aa0ba902b7", SpanContext.getInvalid(), StatusData.ok(), Attributes.empty());
    SpanData tool =
        span(
            "execute_tool read_file",
            "b7ad6b7169203331",
            parent,
            StatusData.create(io.opentelemetry.api.trace.StatusCode.ERROR, "not found"),
            Attributes.builder()
                .put("gen_ai.tool.name", "read_file")
                .put("gen_ai.usage.input_tokens", 12L)
                .put(AttributeKey.stringArrayKey("paths"), Arrays.asList("a", "b"))
                .build());

    assertThat(exporter.export(Arrays.asList(root, tool)).isSuccess()).isTrue();

    String nl = System.lineSeparator();
    assertThat(new String(bytes.toByteArray(), StandardCharsets.UTF_8))
        .isEqualTo(
            "clude-obs span 'invoke_agent A' trace=4bf92f3577b34da6a3ce929d0e0e4736 span=00f067aa0ba902b7"
                + " parent=- 3.2ms OK {}"
                + nl
                + "clude-obs span 'execute_tool read_file' trace=4bf92f3577b34da6a3ce929d0e0e4736"
                + " span=b7ad6b7169203331 parent=00f067aa0ba902b7 3.2ms ERROR 'not found'"
                + " {gen_ai.tool.name=read_file, gen_ai.usage.input_tokens=12, paths=[a, b]}"
                + nl);
  }
}
