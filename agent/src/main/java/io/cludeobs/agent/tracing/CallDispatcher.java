package io.cludeobs.agent.tracing;

import static io.opentelemetry.semconv.ErrorAttributes.ERROR_TYPE;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOKEN_TYPE;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOOL_CALL_ID;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOOL_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOOL_TYPE;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS;

import io.cludeobs.agent.AgentLog;
import io.cludeobs.agent.genai.ContentCapture;
import io.cludeobs.agent.genai.ToolCallLinks;
import io.cludeobs.agent.genai.ToolRequests;
import io.cludeobs.agent.context.SessionBaggage;
import io.cludeobs.agent.pointcut.Category;
import io.cludeobs.agent.profiling.SpanProfiler;
import io.cludeobs.agent.weaving.MethodRegistry;
import io.cludeobs.agent.weaving.WovenMethod;
import io.cludeobs.bootstrap.Dispatcher;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadableSpan;

/**
 * The hot path behind every woven method: head sampling at the root, a span when sampled, timers
 * always. Unsampled calls allocate nothing: their token is a shared constant and the decision is
 * kept in a per-thread counter so children follow it.
 */
public final class CallDispatcher implements Dispatcher {

  static final AttributeKey<String> TOOL_CALL_ARGUMENTS = AttributeKey.stringKey("gen_ai.tool.call.arguments");
  static final AttributeKey<String> TOOL_CALL_RESULT = AttributeKey.stringKey("gen_ai.tool.call.result");

  // The token of a call inside an unsampled trace is the thread's ThreadState: exit needs it and
  // is spared a second thread-local lookup.
  /** Token of a call nested in a call of the same method: no span, no timers of its own. */
  static final Object RECURSIVE = new Object();

  /** Null until the audit log starts (with the file-I/O instrumentation); read once per tool call. */
  private static volatile ToolCallAudit toolCallAudit;

  /** Set while profiling is on; read only on the sampled path, so unsampled calls never touch it. */
  private static volatile SpanProfiler profiler;

  private final MethodRegistry registry;
  private final Tracer tracer;
  private final HeadSampler sampler;
  private final Instruments instruments;
  private final SessionBaggage session;
  /** Whether calls record timers (metrics on); if not, unsampled calls read no clock at all. */
  private final boolean timed;

  public CallDispatcher(MethodRegistry registry, Tracer tracer, HeadSampler sampler, Instruments instruments) {
    this(registry, tracer, sampler, instruments, null);
  }

  /** {@code session}, if not null, gives every new trace its root baggage. */
  public CallDispatcher(
      MethodRegistry registry, Tracer tracer, HeadSampler sampler, Instruments instruments, SessionBaggage session) {
    this.registry = registry;
    this.tracer = tracer;
    this.sampler = sampler;
    this.instruments = instruments;
    this.session = session;
    this.timed = instruments.timed();
  }

  /** Records every sampled span's begin and end for the profiler from now on; null stops it. */
  public static void profileSpans(SpanProfiler spans) {
    profiler = spans;
  }

  /**
   * Whether this thread is inside a woven tool call, sampled or not: file changes made there go to
   * the audit log.
   */
  public static boolean inToolCall() {
    return ThreadState.current().toolDepth > 0;
  }

  /**
   * Sends every finished tool call, sampled or not, to {@code audit}. Costs each tool call a volatile read, and
   * when set the audit's hand-off (for the audit log, a slot in a lock-free ring; the writing is on its own thread).
   */
  public static void auditToolCalls(ToolCallAudit audit) {
    toolCallAudit = audit;
  }

  static ToolCallAudit toolCallAudit() {
    return toolCallAudit;
  }

  static SpanProfiler profiler() {
    return profiler;
  }

  /** Whether this thread is inside a woven call of an unsampled trace: a GenAI call there follows it. */
  public static boolean insideUnsampledTrace() {
    return ThreadState.current().unsampledDepth > 0;
  }

  @Override
  public Object enter(int methodId, Object receiver) {
    try {
      WovenMethod m = registry.get(methodId);
      if (m == null) {
        return null;
      }
      ThreadState state = ThreadState.current();
      if (state.isActive(methodId)) {
        return RECURSIVE;
      }
      Context parent = Context.current();
      SpanContext parentSpan = Span.fromContext(parent).getSpanContext();
      boolean sampled;
      if (parentSpan.isValid()) {
        sampled = parentSpan.isSampled();
        // traced work: whatever this thread took from a queue was carried after all
        state.takeLostVia();
      } else if (state.unsampledDepth > 0) {
        sampled = false;
        state.takeLostVia();
      } else {
        sampled = sampler.sampleRoot();
        Object lostVia = state.takeLostVia();
        if (lostVia != null) {
          lostContext(lostVia, m);
        }
      }
      state.push(methodId);
      if (m.category() == Category.TOOL) {
        state.toolDepth++;
      }
      if (!sampled) {
        state.unsampledDepth++;
        // a sampled call is timed by its span; an unsampled one only when a timer or the audit log needs it
        if (timed || (m.category() == Category.TOOL && toolCallAudit != null)) {
          state.startClock();
        }
        return state;
      }
      if (session != null && !parentSpan.isValid()) {
        parent = session.atRoot(parent);
      }
      String model = m.category() == Category.LLM ? LlmResponseReader.requestModel(receiver) : null;
      String toolName = m.toolRequest() && receiver != null ? ToolRequests.name(receiver) : null;
      String spanName =
          model != null
              ? m.spanName() + " " + model
              : toolName != null && !toolName.isEmpty() ? "execute_tool " + toolName : m.spanName();
      SpanBuilder builder =
          tracer
              .spanBuilder(spanName)
              .setParent(parent)
              .setSpanKind(m.spanKind())
              .setAllAttributes(m.spanAttributes());
      if (m.toolRequest() && receiver != null) {
        toolRequestAttributes(builder, receiver, toolName);
      }
      Span span = builder.startSpan();
      if (model != null) {
        span.setAttribute(GEN_AI_REQUEST_MODEL, model);
      }
      SpanProfiler p = profiler;
      Object profiled =
          p == null
              ? null
              : p.begin(
                  span.getSpanContext(), parentSpan, m.category().key(), m.spanName(),
                  m.category() == Category.TOOL ? m.spanAttributes().get(GEN_AI_TOOL_NAME) : null);
      Context context = parent.with(span);
      return new ActiveCall(span, context, context.makeCurrent(), model, profiled);
    } catch (Throwable t) {
      contained(t);
      return null;
    }
  }

  @Override
  public void exit(int methodId, Object token, Object receiver, Object returned, Throwable thrown) {
    if (token == null || token == RECURSIVE) {
      return;
    }
    try {
      WovenMethod m = registry.get(methodId);
      boolean unsampled = token instanceof ThreadState;
      ThreadState state = unsampled ? (ThreadState) token : ThreadState.current();
      long start = state.pop(methodId);
      if (m.category() == Category.TOOL) {
        state.toolDepth--;
      }
      String errorType = thrown == null ? null : thrown.getClass().getName();
      long nanos;
      long end = 0;
      ActiveCall call = null;
      LlmOutcome llm = null;
      if (unsampled) {
        state.unsampledDepth--;
        if (start == 0) {
          nanos = -1;
        } else {
          end = System.nanoTime();
          nanos = end - start;
        }
        if (m.category() == Category.LLM && timed) {
          llm = LlmOutcome.read(null, receiver, returned);
        }
      } else {
        call = (ActiveCall) token;
        if (m.category() == Category.LLM) {
          llm = LlmOutcome.read(call.requestModel, receiver, returned);
          llm.annotate(m, call.span);
        }
        if (call.profiled != null) {
          SpanProfiler.end(call.profiled);
        }
        if (m.toolRequest() && returned != null && ContentCapture.installed().enabled()) {
          call.span.setAttribute(TOOL_CALL_RESULT, ContentCapture.installed().single(String.valueOf(returned)));
        }
        finish(call, thrown, errorType);
        nanos = call.latencyNanos();
      }
      if (timed && nanos >= 0) {
        Context exemplar = call == null ? Context.root() : call.context;
        if (llm != null) {
          llm.record(instruments, nanos / 1e9, errorType, exemplar);
        } else {
          Attributes attributes = errorType == null ? m.metricAttributes() : withErrorType(m, errorType);
          // unsampled: no sampled span, so no exemplar, and the SDK is spared its Context.current()
          instruments.duration(m.category()).record(nanos / 1e9, attributes, exemplar);
        }
      }
      ToolCallAudit audit = toolCallAudit;
      if (audit != null && m.category() == Category.TOOL) {
        audit.toolCallEnded(
            end != 0 ? end : System.nanoTime(),
            m.toolName(),
            call == null ? SpanContext.getInvalid() : call.span.getSpanContext(),
            Math.max(nanos, 0),
            errorType);
      }
    } catch (Throwable t) {
      contained(t);
    }
  }

  /**
   * The request's tool name and call id; a link to the chat span that returned that call id; the
   * arguments only when content capture is on.
   */
  private static void toolRequestAttributes(SpanBuilder builder, Object request, String toolName) {
    if (toolName != null && !toolName.isEmpty()) {
      builder.setAttribute(GEN_AI_TOOL_NAME, toolName);
    }
    builder.setAttribute(GEN_AI_TOOL_TYPE, "function");
    String id = ToolRequests.id(request);
    if (id != null && !id.isEmpty()) {
      builder.setAttribute(GEN_AI_TOOL_CALL_ID, id);
      SpanContext chat = ToolCallLinks.requestedBy(id);
      if (chat != null) {
        builder.addLink(chat);
      }
    }
    ContentCapture capture = ContentCapture.installed();
    if (capture.enabled()) {
      String arguments = ToolRequests.arguments(request);
      if (arguments != null) {
        builder.setAttribute(TOOL_CALL_ARGUMENTS, capture.single(arguments));
      }
    }
  }

  private static Attributes withErrorType(WovenMethod m, String errorType) {
    Attributes cached = m.errorAttributes().get(errorType);
    if (cached == null) {
      cached = m.metricAttributes().toBuilder().put(ERROR_TYPE, errorType).build();
      if (m.errorAttributes().size() < 64) {
        m.errorAttributes().put(errorType, cached);
      }
    }
    return cached;
  }

  private static void finish(ActiveCall call, Throwable thrown, String errorType) {
    Span span = call.span;
    if (thrown != null) {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute(ERROR_TYPE, errorType);
      span.recordException(thrown);
    }
    call.scope.close();
    span.end();
  }

  /** A root started in work that a traced thread queued where no wrapper followed (acceptance 5). */
  private void lostContext(Object via, WovenMethod m) {
    String viaClass = via.getClass().getName();
    instruments.contextLost.add(1, instruments.contextLostAttributes(viaClass));
    AgentLog.once(
        "context-lost " + viaClass,
        "a trace was lost at a hand-off through " + viaClass + ": " + m.spanName()
            + " started a new trace for work a traced thread queued there; if " + viaClass
            + " feeds a worker pool, submit through an Executor or report it as an issue");
  }

  private void contained(Throwable t) {
    try {
      instruments.selfErrors.add(1);
      AgentLog.once(
          "dispatch " + t.getClass().getName(),
          "internal error contained (the application is not affected): " + t);
    } catch (Throwable ignored) {
      // never let the agent's own failure reach the application
    }
  }

  /** What exit needs of a sampled call. */
  static final class ActiveCall {
    final Span span;
    /** The context the call ran in: the exemplar of its timers. */
    final Context context;
    final Scope scope;
    final String requestModel;
    /** The profiler's record of this span, or null when profiling is off. */
    final Object profiled;
    /** Set only for a span that cannot report its own duration. */
    final long startNanos;

    ActiveCall(Span span, Context context, Scope scope, String requestModel, Object profiled) {
      this.span = span;
      this.context = context;
      this.scope = scope;
      this.requestModel = requestModel;
      this.profiled = profiled;
      this.startNanos = span instanceof ReadableSpan ? 0 : System.nanoTime();
    }

    /** The ended span's duration, from the clock reads the SDK made for its start and end. */
    long latencyNanos() {
      return span instanceof ReadableSpan ? ((ReadableSpan) span).getLatencyNanos() : System.nanoTime() - startNanos;
    }
  }

  /** What an llm call's response says: the span's attributes and the token and duration metrics. */
  static final class LlmOutcome {
    final String requestModel;
    final String responseModel;
    final long input;
    final long output;

    private LlmOutcome(String requestModel, String responseModel, long input, long output) {
      this.requestModel = requestModel;
      this.responseModel = responseModel;
      this.input = input;
      this.output = output;
    }

    static LlmOutcome read(String requestModel, Object receiver, Object returned) {
      Object usage = LlmResponseReader.usage(returned);
      return new LlmOutcome(
          requestModel != null ? requestModel : LlmResponseReader.requestModel(receiver),
          LlmResponseReader.responseModel(returned),
          LlmResponseReader.inputTokens(usage),
          LlmResponseReader.outputTokens(usage));
    }

    void annotate(WovenMethod m, Span span) {
      if (responseModel != null) {
        span.setAttribute(GEN_AI_RESPONSE_MODEL, responseModel);
        if (requestModel == null) {
          span.updateName(m.spanName() + " " + responseModel);
        }
      }
      if (input >= 0) {
        span.setAttribute(GEN_AI_USAGE_INPUT_TOKENS, input);
      }
      if (output >= 0) {
        span.setAttribute(GEN_AI_USAGE_OUTPUT_TOKENS, output);
      }
    }

    void record(Instruments instruments, double seconds, String errorType, Context exemplar) {
      AttributesBuilder common = Attributes.builder().put(GEN_AI_OPERATION_NAME, "chat");
      if (requestModel != null) {
        common.put(GEN_AI_REQUEST_MODEL, requestModel);
      }
      if (responseModel != null) {
        common.put(GEN_AI_RESPONSE_MODEL, responseModel);
      }
      Attributes base = common.build();
      instruments
          .duration(Category.LLM)
          .record(seconds, errorType == null ? base : base.toBuilder().put(ERROR_TYPE, errorType).build(), exemplar);
      if (input >= 0) {
        instruments.tokenUsage.record(input, base.toBuilder().put(GEN_AI_TOKEN_TYPE, "input").build(), exemplar);
      }
      if (output >= 0) {
        instruments.tokenUsage.record(output, base.toBuilder().put(GEN_AI_TOKEN_TYPE, "output").build(), exemplar);
      }
    }
  }
}
