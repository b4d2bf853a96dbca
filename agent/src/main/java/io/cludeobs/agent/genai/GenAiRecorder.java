package io.cludeobs.agent.genai;

import static io.opentelemetry.semconv.ErrorAttributes.ERROR_TYPE;
import static io.opentelemetry.semconv.ServerAttributes.SERVER_ADDRESS;
import static io.opentelemetry.semconv.ServerAttributes.SERVER_PORT;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_MAX_TOKENS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_TEMPERATURE;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_TOP_P;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_FINISH_REASONS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_ID;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOKEN_TYPE;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS;

import io.cludeobs.agent.AgentLog;
import io.cludeobs.agent.tracing.CallDispatcher;
import io.cludeobs.agent.tracing.HeadSampler;
import io.cludeobs.agent.tracing.LibrarySpans;
import io.cludeobs.bootstrap.genai.GenAiSink;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The agent side of {@link io.cludeobs.bootstrap.genai.GenAi}: one span per model call with the
 * GenAI conventions' attributes, the duration, token and cost metrics for every call sampled or
 * not, and opt-in content. A stream's or future's call ends when it completes.
 */
public final class GenAiRecorder implements GenAiSink {

  static final AttributeKey<Long> CACHE_READ_TOKENS = AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
  static final AttributeKey<Long> CACHE_CREATION_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");
  static final AttributeKey<Long> REASONING_TOKENS = AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens");
  static final AttributeKey<Double> TIME_TO_FIRST_CHUNK =
      AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");
  static final AttributeKey<Double> COST = AttributeKey.doubleKey("clude.gen_ai.cost");
  static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
  static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
  static final AttributeKey<String> SYSTEM_INSTRUCTIONS = AttributeKey.stringKey("gen_ai.system_instructions");
  /** Set on a stream the application closed before its end. */
  static final AttributeKey<Boolean> STREAM_CANCELLED = AttributeKey.booleanKey("clude.gen_ai.stream.cancelled");

  private final Tracer tracer;
  private final HeadSampler sampler;
  private final DoubleHistogram duration;
  private final LongHistogram tokenUsage;
  private final DoubleCounter cost;
  private final LongCounter unpriced;
  private final Pricing pricing;
  private final ContentCapture capture;
  private final Map<String, LibraryReader> readers = new HashMap<>();
  private final LibrarySpans librarySpans;
  /**
   * Model calls open on this thread. A call started inside another (Spring AI 2.0's OpenAI model
   * calls openai-java) is the same call seen twice: it gets no span and no metrics.
   */
  private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

  public GenAiRecorder(
      Tracer tracer,
      HeadSampler sampler,
      DoubleHistogram duration,
      LongHistogram tokenUsage,
      Meter meter,
      Pricing pricing,
      ContentCapture capture,
      LibrarySpans librarySpans) {
    this.tracer = tracer;
    this.librarySpans = librarySpans;
    this.sampler = sampler;
    this.duration = duration;
    this.tokenUsage = tokenUsage;
    this.pricing = pricing;
    this.capture = capture;
    ContentCapture.install(capture);
    this.cost =
        meter
            .counterBuilder("clude.gen_ai.cost")
            .ofDoubles()
            .setDescription("Estimated cost of GenAI calls from the pricing table, by model.")
            .setUnit("USD")
            .build();
    this.unpriced =
        meter
            .counterBuilder("clude.gen_ai.cost.unpriced")
            .setDescription("GenAI calls whose model has no price in the pricing table: cost omitted.")
            .setUnit("{call}")
            .build();
    readers.put("openai.chat", new OpenAiReaders.Chat());
    readers.put("openai.responses", new OpenAiReaders.Responses());
    readers.put("anthropic.messages", new AnthropicReaders.Messages());
    readers.put("langchain4j.openai.chat", new LangChain4jReaders.Chat("openai"));
    readers.put("langchain4j.anthropic.chat", new LangChain4jReaders.Chat("anthropic"));
    readers.put("langchain4j.openai.embeddings", new LangChain4jReaders.Embeddings("openai"));
    SpringAiReaders.register(readers);
  }

  @Override
  public Object start(String operation, Object client, Object request) {
    try {
      LibraryReader reader = readers.get(operation);
      if (reader == null) {
        return null;
      }
      int[] open = depth.get();
      if (open[0] > 0) {
        return null;
      }
      long startNanos = System.nanoTime();
      Context parent = Context.current();
      SpanContext parentSpan = Span.fromContext(parent).getSpanContext();
      boolean sampled =
          parentSpan.isValid()
              ? parentSpan.isSampled()
              : !CallDispatcher.insideUnsampledTrace() && sampler.sampleRoot();
      // content goes on spans only: an unsampled call never reads it
      LlmCall call = new LlmCall(reader, reader.operationName(), startNanos, sampled && capture.enabled());
      reader.readRequest(call, client, request);
      if (sampled) {
        if (!parentSpan.isValid()) {
          parent = librarySpans.atRoot(parent);
        }
        SpanBuilder b =
            tracer
                .spanBuilder(call.requestModel == null ? call.operationName : call.operationName + " " + call.requestModel)
                .setParent(parent)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(GEN_AI_OPERATION_NAME, call.operationName)
                .setAttribute(GEN_AI_PROVIDER_NAME, reader.provider());
        if (call.requestModel != null) {
          b.setAttribute(GEN_AI_REQUEST_MODEL, call.requestModel);
        }
        if (call.temperature != null) {
          b.setAttribute(GEN_AI_REQUEST_TEMPERATURE, call.temperature);
        }
        if (call.topP != null) {
          b.setAttribute(GEN_AI_REQUEST_TOP_P, call.topP);
        }
        if (call.maxTokens >= 0) {
          b.setAttribute(GEN_AI_REQUEST_MAX_TOKENS, call.maxTokens);
        }
        if (call.serverAddress != null) {
          b.setAttribute(SERVER_ADDRESS, call.serverAddress);
          b.setAttribute(SERVER_PORT, call.serverPort);
        }
        if (call.inputMessages != null) {
          b.setAttribute(INPUT_MESSAGES, call.inputMessages);
        }
        if (call.systemInstructions != null) {
          b.setAttribute(SYSTEM_INSTRUCTIONS, call.systemInstructions);
        }
        call.span = b.startSpan();
        call.scope = parent.with(call.span).makeCurrent();
      }
      open[0]++;
      return call;
    } catch (Throwable t) {
      contained(t);
      return null;
    }
  }

  @Override
  public Object tool(String library, String name, String callId, Object arguments) {
    try {
      return librarySpans.startTool(library, name, callId, arguments);
    } catch (Throwable t) {
      contained(t);
      return null;
    }
  }

  @Override
  public Object agent(String library, String name) {
    try {
      return librarySpans.startAgent(library, name);
    } catch (Throwable t) {
      contained(t);
      return null;
    }
  }

  @Override
  public Object end(Object token, Object returned, Throwable thrown) {
    if (token instanceof LibrarySpans.Handle) {
      endLibrarySpan((LibrarySpans.Handle) token, returned, thrown);
      return returned;
    }
    LlmCall call = (LlmCall) token;
    try {
      leaveNested();
      call.closeScope();
      if (thrown != null) {
        finish(call, thrown, false);
        return returned;
      }
      if (returned instanceof CompletableFuture) {
        ((CompletableFuture<?>) returned)
            .whenComplete(
                (value, error) -> {
                  if (error == null) {
                    readSafely(call, value);
                    finish(call, null, false);
                  } else {
                    Throwable cause = unwrap(error);
                    finish(call, cause instanceof CancellationException ? null : cause,
                        cause instanceof CancellationException);
                  }
                });
        return returned;
      }
      Object flux = SpringAiFlux.wrap(this, call, returned);
      if (flux != null) {
        return flux;
      }
      Object wrapped = StreamWrappers.wrap(this, call, returned);
      if (wrapped != null) {
        return wrapped;
      }
      readSafely(call, returned);
      finish(call, null, false);
      return returned;
    } catch (Throwable t) {
      contained(t);
      finish(call, null, false);
      return returned;
    }
  }

  /** A tool or agent span: ends with the method, or with the future it returns. */
  private void endLibrarySpan(LibrarySpans.Handle h, Object returned, Throwable thrown) {
    try {
      librarySpans.leaveThread(h);
      if (thrown == null && returned instanceof CompletableFuture) {
        ((CompletableFuture<?>) returned)
            .whenComplete(
                (value, error) -> {
                  try {
                    librarySpans.finish(h, value, error == null ? null : unwrap(error));
                  } catch (Throwable t) {
                    contained(t);
                  }
                });
        return;
      }
      librarySpans.finish(h, returned, thrown);
    } catch (Throwable t) {
      contained(t);
    }
  }

  /** Work on this thread belongs to a call already open, e.g. a stream's subscription. */
  void enterNested() {
    depth.get()[0]++;
  }

  void leaveNested() {
    int[] open = depth.get();
    if (open[0] > 0) {
      open[0]--;
    }
  }

  /** A stream chunk arrived. */
  void chunk(LlmCall call, Object chunk) {
    try {
      if (call.firstChunkNanos < 0) {
        call.firstChunkNanos = System.nanoTime();
      }
      call.reader.readChunk(call, chunk);
    } catch (Throwable t) {
      contained(t);
    }
  }

  private void readSafely(LlmCall call, Object response) {
    try {
      call.reader.readResponse(call, response);
    } catch (Throwable t) {
      contained(t);
    }
  }

  /** Ends the call once: metrics always, the span when sampled. */
  void finish(LlmCall call, Throwable error, boolean cancelled) {
    if (!call.claimEnd()) {
      return;
    }
    try {
      double seconds = (System.nanoTime() - call.startNanos) / 1e9;
      String errorType = error == null ? null : error.getClass().getName();
      if (call.capture && call.outputMessages == null && (call.streamedText != null || !call.streamedToolCalls.isEmpty())) {
        call.outputMessages = streamedOutput(call);
      }
      AttributesBuilder common =
          Attributes.builder()
              .put(GEN_AI_OPERATION_NAME, call.operationName)
              .put(GEN_AI_PROVIDER_NAME, call.reader.provider());
      if (call.requestModel != null) {
        common.put(GEN_AI_REQUEST_MODEL, call.requestModel);
      }
      if (call.responseModel != null) {
        common.put(GEN_AI_RESPONSE_MODEL, call.responseModel);
      }
      if (call.serverAddress != null) {
        common.put(SERVER_ADDRESS, call.serverAddress).put(SERVER_PORT, call.serverPort);
      }
      Attributes base = common.build();
      duration.record(seconds, errorType == null ? base : base.toBuilder().put(ERROR_TYPE, errorType).build());
      if (call.inputTokens >= 0) {
        tokenUsage.record(call.inputTokens, base.toBuilder().put(GEN_AI_TOKEN_TYPE, "input").build());
      }
      if (call.outputTokens >= 0) {
        tokenUsage.record(call.outputTokens, base.toBuilder().put(GEN_AI_TOKEN_TYPE, "output").build());
      }
      double usd = -1;
      if (call.inputTokens >= 0 || call.outputTokens >= 0) {
        usd = pricing.cost(call.pricedModel(), call.inputTokens, call.cacheReadTokens, call.outputTokens);
        Attributes byModel = costAttributes(call);
        if (usd >= 0) {
          cost.add(usd, byModel);
        } else {
          unpriced.add(1, byModel);
          AgentLog.once(
              "unpriced " + call.pricedModel(),
              "no price for model " + call.pricedModel() + ": its cost is omitted; add it to the file named by"
                  + " clude.obs.genai.pricing_file (see docs/genai.md)");
        }
      }
      Span span = call.span;
      if (span != null) {
        endSpan(call, span, error, errorType, cancelled, usd);
      }
    } catch (Throwable t) {
      contained(t);
    }
  }

  private static Attributes costAttributes(LlmCall call) {
    AttributesBuilder b = Attributes.builder().put(GEN_AI_PROVIDER_NAME, call.reader.provider());
    String model = call.pricedModel();
    if (model != null) {
      b.put(GEN_AI_RESPONSE_MODEL, model);
    }
    return b.build();
  }

  private static void endSpan(
      LlmCall call, Span span, Throwable error, String errorType, boolean cancelled, double usd) {
    if (call.responseId != null) {
      span.setAttribute(GEN_AI_RESPONSE_ID, call.responseId);
    }
    if (call.responseModel != null) {
      span.setAttribute(GEN_AI_RESPONSE_MODEL, call.responseModel);
      if (call.requestModel == null) {
        span.updateName(call.operationName + " " + call.responseModel);
      }
    }
    if (!call.finishReasons.isEmpty()) {
      span.setAttribute(GEN_AI_RESPONSE_FINISH_REASONS, call.finishReasons);
    }
    setIfKnown(span, GEN_AI_USAGE_INPUT_TOKENS, call.inputTokens);
    setIfKnown(span, GEN_AI_USAGE_OUTPUT_TOKENS, call.outputTokens);
    setIfKnown(span, CACHE_READ_TOKENS, call.cacheReadTokens);
    setIfKnown(span, CACHE_CREATION_TOKENS, call.cacheCreationTokens);
    setIfKnown(span, REASONING_TOKENS, call.reasoningTokens);
    if (call.firstChunkNanos >= 0) {
      span.setAttribute(TIME_TO_FIRST_CHUNK, (call.firstChunkNanos - call.startNanos) / 1e9);
    }
    if (usd >= 0) {
      span.setAttribute(COST, usd);
    }
    if (call.outputMessages != null) {
      span.setAttribute(OUTPUT_MESSAGES, call.outputMessages);
    }
    if (cancelled) {
      span.setAttribute(STREAM_CANCELLED, true);
    }
    if (error != null) {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute(ERROR_TYPE, errorType);
      span.recordException(error);
    }
    span.end();
  }

  private static String streamedOutput(LlmCall call) {
    MessagesJson out = new MessagesJson(ContentCapture.installed()).message("assistant");
    if (call.streamedText != null) {
      out.text(call.streamedText.toString());
    }
    for (LlmCall.StreamedToolCall t : call.streamedToolCalls.values()) {
      out.toolCall(t.id, t.name, t.arguments.length() == 0 ? null : t.arguments.toString());
    }
    String reason = call.finishReasons.isEmpty() ? null : call.finishReasons.get(call.finishReasons.size() - 1);
    return out.end(reason).build();
  }

  private static void setIfKnown(Span span, AttributeKey<Long> key, long value) {
    if (value >= 0) {
      span.setAttribute(key, value);
    }
  }

  private static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  void contained(Throwable t) {
    AgentLog.once(
        "genai " + t.getClass().getName(), "internal error contained (the application is not affected): " + t);
  }
}
