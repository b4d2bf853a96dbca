package io.cludeobs.agent.genai;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.tracing.HeadSampler;
import io.cludeobs.agent.tracing.Instruments;
import io.cludeobs.agent.tracing.LibrarySpans;
import io.cludeobs.agent.weaving.MethodRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class McpRecorderTest {

  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
  private final SdkMeterProvider meterProvider = SdkMeterProvider.builder().build();
  private final McpRecorder recorder =
      new McpRecorder(
          new LibrarySpans(
              tracerProvider.get("test"), new HeadSampler(1.0),
              new Instruments(meterProvider.get("test"), new MethodRegistry(10)), null));

  @AfterEach
  void close() {
    tracerProvider.close();
    meterProvider.close();
  }

  /** Shaped like the SDK's request record, but another class: read, never rebuilt. */
  public static final class OtherRequest {
    public String name() {
      return "lookup";
    }

    public Map<String, Object> arguments() {
      return Map.of("q", "x");
    }

    public Map<String, Object> meta() {
      return Map.of("gen_ai.tool.call.id", "call_7");
    }
  }

  /** A result that says it failed, as MCP's CallToolResult does. */
  public static final class FailedResult {
    public Boolean isError() {
      return Boolean.TRUE;
    }
  }

  @Test
  void aClientCallReadsByAccessorAndLeavesARequestOfAnotherClassAsItIs() {
    OtherRequest request = new OtherRequest();
    Object call = recorder.client(request);
    assertThat(recorder.withTraceContext(call, request)).isSameAs(request);
    assertThat(recorder.end(call, "done", null)).isEqualTo("done");

    SpanData span = exported.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("execute_tool lookup");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.type"))).isEqualTo("extension");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.id"))).isEqualTo("call_7");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void aResultWithIsErrorIsAToolError() {
    Object call = recorder.client(new OtherRequest());
    FailedResult result = new FailedResult();
    assertThat(recorder.end(call, result, null)).isSameAs(result);

    SpanData span = exported.getFinishedSpanItems().get(0);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("tool_error");
    assertThat(span.getEvents()).isEmpty();
  }

  @Test
  void aServerCallJoinsTheTraceParentInMeta() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("name", "echo");
    params.put("arguments", Map.of("text", "hi"));
    params.put("_meta", Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
    Object call = recorder.server(params);
    recorder.end(call, null, new IllegalStateException("boom"));

    SpanData span = exported.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("execute_tool echo");
    assertThat(span.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(span.getParentSpanId()).isEqualTo("b7ad6b7169203331");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.type"))).isEqualTo("function");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(io.opentelemetry.api.trace.Span.current().getSpanContext().isValid()).isFalse();
  }

  @Test
  void paramsOfTheWrongShapeStartNothing() {
    assertThat(recorder.server(Map.of("name", 42))).isNull();
    assertThat(recorder.server("not params")).isNull();
    assertThat(recorder.server(null)).isNull();
    assertThat(exported.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void aHandlerThatIsNoMcpRequestHandlerIsLeftAlone() {
    Runnable handler = () -> {};
    assertThat(recorder.toolsCallHandler(handler)).isSameAs(handler);
    assertThat(recorder.toolsCallHandler(null)).isNull();
  }

  @Test
  void aReturnedObjectThatIsNoMonoEndsTheSpanAtOnce() {
    Object call = recorder.client(new Object());
    Object returned = List.of("not a mono");
    assertThat(recorder.end(call, returned, null)).isSameAs(returned);
    assertThat(exported.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("execute_tool unknown");
  }
}
