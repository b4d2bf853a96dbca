package io.cludeobs.agent.genai;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.tracing.HeadSampler;
import io.cludeobs.agent.tracing.Instruments;
import io.cludeobs.agent.tracing.LibrarySpans;
import io.cludeobs.agent.weaving.MethodRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** AI service methods, tool requests and streaming handlers as LangChain4j hands them over. */
class LangChain4jHooksTest {

  /** Stands in for an AI service interface. */
  public interface Assistant {
    String answer(String question);

    default String greet() {
      return "hi";
    }
  }

  /** Stands in for {@code StreamingChatResponseHandler}. */
  public interface Handler {
    void onPartialResponse(String partial);

    void onCompleteResponse(Object response);

    void onError(Throwable error);
  }

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final SdkTracerProvider tracing =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
  private final SdkMeterProvider meters = SdkMeterProvider.builder().build();
  private final Meter meter = meters.get("test");
  private final GenAiRecorder recorder =
      new GenAiRecorder(
          tracing.get("test"),
          new HeadSampler(1.0),
          meter.histogramBuilder("d").build(),
          meter.histogramBuilder("t").ofLongs().build(),
          meter,
          Pricing.of(Collections.emptyMap()),
          ContentCapture.off(),
          new LibrarySpans(
              tracing.get("test"), new HeadSampler(1.0), new Instruments(meter, new MethodRegistry(10)), null));
  private final LangChain4jHooks hooks = new LangChain4jHooks(recorder);

  @AfterEach
  void close() {
    tracing.close();
    meters.close();
  }

  @Test
  void aServiceMethodIsAnAgentNamedByInterfaceAndMethod() throws Exception {
    Object agent = hooks.agent(Assistant.class.getMethod("answer", String.class));
    recorder.end(agent, "done", null);

    SpanData span = single();
    assertThat(span.getName()).isEqualTo("invoke_agent Assistant.answer");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("clude.library"))).isEqualTo("langchain4j");
  }

  @Test
  void objectAndDefaultMethodsOfTheProxyAreNoAgents() throws Exception {
    assertThat(hooks.agent(Object.class.getMethod("toString"))).isNull();
    assertThat(hooks.agent(Assistant.class.getMethod("greet"))).isNull();
    assertThat(hooks.agent(null)).isNull();
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void aToolRequestIsAToolSpanWithItsNameAndCallId() {
    Object tool = hooks.tool(new LangChain4jReadersTest.ToolRequest("call_9", "getWeather", "{\"city\":\"Oslo\"}"));
    hooks.endTool(tool, "whatever", null);

    SpanData span = single();
    assertThat(span.getName()).isEqualTo("execute_tool getWeather");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.id"))).isEqualTo("call_9");
    // capture is off: neither the arguments nor the result are read
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.arguments"))).isNull();
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.result"))).isNull();
  }

  @Test
  void anyOtherRequestShapeIsAToolOfUnknownNameAndNullIsNothing() {
    hooks.endTool(hooks.tool(new Object()), null, null);
    assertThat(single().getName()).isEqualTo("execute_tool unknown");
    assertThat(hooks.tool(null)).isNull();
  }

  @Test
  void theStreamEndsWithTheCompleteResponseAfterTheFirstPartial() {
    LlmCall call = streaming();
    List<String> seen = new ArrayList<>();
    Handler handler = observed(call, seen);

    handler.onPartialResponse("Hel");
    handler.onPartialResponse("lo");
    assertThat(spans.getFinishedSpanItems()).isEmpty();
    handler.onCompleteResponse(new LangChain4jReadersTest.FakeResponse(new LangChain4jReadersTest.FakeUsage()));

    assertThat(seen).containsExactly("Hel", "lo", "complete");
    SpanData span = single();
    assertThat(span.getAttributes().get(GenAiRecorder.TIME_TO_FIRST_CHUNK)).isNotNull();
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(120L);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.response.id"))).isEqualTo("chatcmpl-1");
  }

  @Test
  void anErrorEndsTheStreamOnceAsAFailure() {
    LlmCall call = streaming();
    Handler handler = observed(call, new ArrayList<>());

    handler.onError(new IllegalStateException("connection reset"));
    handler.onCompleteResponse(null);

    SpanData span = single();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("java.lang.IllegalStateException");
  }

  @Test
  void aStreamingMethodThatThrowsEndsTheCallAndOneThatReturnsLeavesItOpen() {
    LlmCall returned = streaming();
    hooks.streamReturned(returned, null);
    assertThat(spans.getFinishedSpanItems()).isEmpty();

    LlmCall thrown = streaming();
    hooks.streamReturned(thrown, new IllegalArgumentException("bad request"));
    assertThat(single().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void aHandlerOfAnotherTypeOrNoCallIsLeftAlone() {
    Runnable other = () -> {};
    assertThat(hooks.streamHandler(streaming(), other)).isSameAs(other);
    assertThat(hooks.streamHandler("not a call", other)).isSameAs(other);
  }

  private LlmCall streaming() {
    LlmCall call = new LlmCall(new LangChain4jReaders.Chat("openai"), "chat", System.nanoTime(), false);
    call.requestModel = "gpt-4o-mini";
    call.span = tracing.get("test").spanBuilder("chat gpt-4o-mini").startSpan();
    return call;
  }

  private Handler observed(LlmCall call, List<String> seen) {
    Handler app =
        new Handler() {
          @Override
          public void onPartialResponse(String partial) {
            seen.add(partial);
          }

          @Override
          public void onCompleteResponse(Object response) {
            seen.add("complete");
          }

          @Override
          public void onError(Throwable error) {
            seen.add("error");
          }
        };
    return (Handler)
        Proxy.newProxyInstance(
            Handler.class.getClassLoader(),
            new Class<?>[] {Handler.class},
            new LangChain4jHooks.ObservedHandler(recorder, call, app));
  }

  private SpanData single() {
    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).hasSize(1);
    return finished.get(0);
  }
}
