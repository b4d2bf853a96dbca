package io.cludeobs.agent.tracing;

import static io.opentelemetry.semconv.ErrorAttributes.ERROR_TYPE;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOKEN_TYPE;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS;

import io.cludeobs.agent.AgentLog;
import io.cludeobs.agent.context.SessionBaggage;
import io.cludeobs.agent.pointcut.Category;
import io.cludeobs.agent.weaving.MethodRegistry;
import io.cludeobs.agent.weaving.WovenMethod;
import io.cludeobs.bootstrap.Dispatcher;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * The hot path behind every woven method: head sampling at the root, a span when sampled, timers
 * always. Unsampled calls allocate nothing: their token is a shared constant and the decision is
 * kept in a per-thread counter so children follow it.
 */
public final class CallDispatcher implements Dispatcher {

  /** Token of a call inside an unsampled trace. */
  static final Object UNSAMPLED = new Object();
  /** Token of a call nested in a call of the same method: no span, no timers of its own. */
  static final Object RECURSIVE = new Object();

  private final MethodRegistry registry;
  private final Tracer tracer;
  private final HeadSampler sampler;
  private final Instruments instruments;
  private final SessionBaggage session;

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
  }

  /**
   * Whether this thread is inside a woven tool call, sampled or not: file changes made there go to
   * the audit log.
   */
  public static boolean inToolCall() {
    return ThreadState.current().toolDepth > 0;
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
      m.active().increment();
      if (m.category() == Category.TOOL) {
        state.toolDepth++;
      }
      if (!sampled) {
        state.unsampledDepth++;
        return UNSAMPLED;
      }
      if (session != null && !parentSpan.isValid()) {
        parent = session.atRoot(parent);
      }
      String model = m.category() == Category.LLM ? LlmResponseReader.requestModel(receiver) : null;
      Span span =
          tracer
              .spanBuilder(model == null ? m.spanName() : m.spanName() + " " + model)
              .setParent(parent)
              .setSpanKind(m.spanKind())
              .setAllAttributes(m.spanAttributes())
              .startSpan();
      if (model != null) {
        span.setAttribute(GEN_AI_REQUEST_MODEL, model);
      }
      return new ActiveCall(span, parent.with(span).makeCurrent(), model);
    } catch (Throwable t) {
      contained(t);
      return null;
    }
  }

  @Override
  public void exit(int methodId, Object token, long startNanos, Object receiver, Object returned, Throwable thrown) {
    if (token == null || token == RECURSIVE) {
      return;
    }
    try {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      WovenMethod m = registry.get(methodId);
      ThreadState state = ThreadState.current();
      state.pop(methodId);
      m.active().decrement();
      if (m.category() == Category.TOOL) {
        state.toolDepth--;
      }
      ActiveCall call = null;
      if (token == UNSAMPLED) {
        state.unsampledDepth--;
      } else {
        call = (ActiveCall) token;
      }
      String errorType = thrown == null ? null : thrown.getClass().getName();
      if (m.category() == Category.LLM) {
        recordLlm(m, call, receiver, returned, errorType, seconds);
      } else {
        Attributes attributes = errorType == null ? m.metricAttributes() : withErrorType(m, errorType);
        instruments.duration(m.category()).record(seconds, attributes);
      }
      if (call != null) {
        finish(call, thrown, errorType);
      }
    } catch (Throwable t) {
      contained(t);
    }
  }

  private void recordLlm(
      WovenMethod m, ActiveCall call, Object receiver, Object returned, String errorType, double seconds) {
    String requestModel = call != null ? call.requestModel : LlmResponseReader.requestModel(receiver);
    String responseModel = LlmResponseReader.responseModel(returned);
    Object usage = LlmResponseReader.usage(returned);
    long input = LlmResponseReader.inputTokens(usage);
    long output = LlmResponseReader.outputTokens(usage);

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
        .record(seconds, errorType == null ? base : base.toBuilder().put(ERROR_TYPE, errorType).build());
    if (input >= 0) {
      instruments.tokenUsage.record(input, base.toBuilder().put(GEN_AI_TOKEN_TYPE, "input").build());
    }
    if (output >= 0) {
      instruments.tokenUsage.record(output, base.toBuilder().put(GEN_AI_TOKEN_TYPE, "output").build());
    }
    if (call != null) {
      Span span = call.span;
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
    final Scope scope;
    final String requestModel;

    ActiveCall(Span span, Scope scope, String requestModel) {
      this.span = span;
      this.scope = scope;
      this.requestModel = requestModel;
    }
  }
}
