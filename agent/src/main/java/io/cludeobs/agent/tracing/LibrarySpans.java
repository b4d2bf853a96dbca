package io.cludeobs.agent.tracing;

import static io.cludeobs.agent.weaving.MethodRegistry.CATEGORY;
import static io.opentelemetry.semconv.ErrorAttributes.ERROR_TYPE;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_AGENT_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOOL_CALL_ID;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOOL_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOOL_TYPE;

import io.cludeobs.agent.context.SessionBaggage;
import io.cludeobs.agent.genai.ContentCapture;
import io.cludeobs.agent.genai.ToolCallLinks;
import io.cludeobs.agent.profiling.SpanProfiler;
import io.cludeobs.agent.pointcut.Category;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Tool and agent spans that a library instrumentation starts by name rather than by a woven
 * pointcut method (a LangChain4j {@code @Tool}, an MCP {@code callTool}, an AI service method).
 * They keep the pointcut spans' rules: sampling at the root, the unsampled counter, the tool depth
 * the audit log reads, the profiler's span records and the same duration metrics.
 */
public final class LibrarySpans {

  static final AttributeKey<String> LIBRARY = AttributeKey.stringKey("clude.library");

  private final HeadSampler sampler;
  private final Instruments instruments;
  private final Tracer tracer;
  private final SessionBaggage session;

  /** {@code session}, if not null, gives every new trace its root baggage. */
  public LibrarySpans(
      Tracer tracer, HeadSampler sampler, Instruments instruments, SessionBaggage session) {
    this.tracer = tracer;
    this.sampler = sampler;
    this.instruments = instruments;
    this.session = session;
  }

  /** {@code parent} with the session's root baggage, for a new trace a library call starts. */
  public Context atRoot(Context parent) {
    return session == null ? parent : session.atRoot(parent);
  }

  /** Starts a tool call on this thread; {@code arguments} is read only when content capture is on. */
  public Handle startTool(String library, String name, String callId, Object arguments) {
    return startTool(library, name, callId, arguments, "function");
  }

  /** Starts a tool call on this thread with the convention's {@code gen_ai.tool.type} value {@code toolType}. */
  public Handle startTool(String library, String name, String callId, Object arguments, String toolType) {
    String tool = name == null || name.isEmpty() ? "unknown" : name;
    Attributes metric = Attributes.of(GEN_AI_OPERATION_NAME, "execute_tool", GEN_AI_TOOL_NAME, tool);
    Handle h = begin(Category.TOOL, metric);
    ThreadState.current().toolDepth++;
    if (h.sampled) {
      SpanBuilder b =
          builder("execute_tool " + tool, h)
              .setAttribute(GEN_AI_OPERATION_NAME, "execute_tool")
              .setAttribute(GEN_AI_TOOL_NAME, tool)
              .setAttribute(GEN_AI_TOOL_TYPE, toolType)
              .setAttribute(CATEGORY, Category.TOOL.key())
              .setAttribute(LIBRARY, library);
      if (callId != null && !callId.isEmpty()) {
        b.setAttribute(GEN_AI_TOOL_CALL_ID, callId);
        SpanContext chat = ToolCallLinks.requestedBy(callId);
        if (chat != null) {
          b.addLink(chat);
        }
      }
      ContentCapture capture = ContentCapture.installed();
      if (arguments != null && capture.enabled()) {
        b.setAttribute(CallDispatcher.TOOL_CALL_ARGUMENTS, capture.single(String.valueOf(arguments)));
      }
      open(h, b, tool);
    }
    return h;
  }

  /** Starts an agent invocation on this thread. */
  public Handle startAgent(String library, String name) {
    String agent = name == null || name.isEmpty() ? "agent" : name;
    Attributes metric = Attributes.of(GEN_AI_OPERATION_NAME, "invoke_agent", GEN_AI_AGENT_NAME, agent);
    Handle h = begin(Category.TASK, metric);
    if (h.sampled) {
      SpanBuilder b =
          builder("invoke_agent " + agent, h)
              .setAttribute(GEN_AI_OPERATION_NAME, "invoke_agent")
              .setAttribute(GEN_AI_AGENT_NAME, agent)
              .setAttribute(CATEGORY, Category.TASK.key())
              .setAttribute(LIBRARY, library);
      open(h, b, null);
    }
    return h;
  }

  /**
   * The started method returns or throws on the thread that started it: the thread's state is
   * restored and the scope closed. The call itself ends in {@link #finish}, now or when a future
   * completes.
   */
  public void leaveThread(Handle h) {
    ThreadState state = ThreadState.current();
    if (h.category == Category.TOOL) {
      state.toolDepth--;
    }
    if (!h.sampled) {
      state.unsampledDepth--;
    }
    if (h.scope != null) {
      h.scope.close();
      h.scope = null;
    }
  }

  /** Ends the call once: the duration metric always, the span when sampled. */
  public void finish(Handle h, Object result, Throwable thrown) {
    finish(h, result, thrown, null);
  }

  /**
   * Ends the call once; {@code failure}, when not null and nothing was thrown, is the
   * {@code error.type} of a call that returned a result saying it failed (an MCP {@code isError}).
   */
  public void finish(Handle h, Object result, Throwable thrown, String failure) {
    synchronized (h) {
      if (h.ended) {
        return;
      }
      h.ended = true;
    }
    long end = System.nanoTime();
    long nanos = end - h.startNanos;
    String errorType = thrown == null ? failure : thrown.getClass().getName();
    instruments
        .duration(h.category)
        .record(nanos / 1e9, errorType == null ? h.metric : h.metric.toBuilder().put(ERROR_TYPE, errorType).build());
    Span span = h.span;
    if (span != null) {
      if (h.profiled != null) {
        SpanProfiler.end(h.profiled);
      }
      ContentCapture capture = ContentCapture.installed();
      if (h.category == Category.TOOL && result != null && capture.enabled()) {
        span.setAttribute(CallDispatcher.TOOL_CALL_RESULT, capture.single(String.valueOf(result)));
      }
      if (errorType != null) {
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(ERROR_TYPE, errorType);
      }
      if (thrown != null) {
        span.recordException(thrown);
      }
      span.end();
    }
    ToolCallAudit audit = CallDispatcher.toolCallAudit();
    if (audit != null && h.category == Category.TOOL) {
      audit.toolCallEnded(
          end, h.metric.get(GEN_AI_TOOL_NAME), span == null ? SpanContext.getInvalid() : span.getSpanContext(), nanos,
          errorType);
    }
  }

  private Handle begin(Category category, Attributes metric) {
    Context parent = Context.current();
    SpanContext parentSpan = Span.fromContext(parent).getSpanContext();
    ThreadState state = ThreadState.current();
    boolean sampled =
        parentSpan.isValid()
            ? parentSpan.isSampled()
            : state.unsampledDepth == 0 && sampler.sampleRoot();
    if (!sampled) {
      state.unsampledDepth++;
    }
    if (sampled && session != null && !parentSpan.isValid()) {
      parent = session.atRoot(parent);
    }
    return new Handle(category, metric, sampled, parent, parentSpan, System.nanoTime());
  }

  private SpanBuilder builder(String name, Handle h) {
    return tracer.spanBuilder(name).setParent(h.parent).setSpanKind(SpanKind.INTERNAL);
  }

  private static void open(Handle h, SpanBuilder b, String toolName) {
    h.span = b.startSpan();
    SpanProfiler p = CallDispatcher.profiler();
    if (p != null) {
      String operation = h.category == Category.TOOL ? "execute_tool" : "invoke_agent";
      h.profiled = p.begin(h.span.getSpanContext(), h.parentSpan, h.category.key(), operation, toolName);
    }
    h.scope = h.parent.with(h.span).makeCurrent();
  }

  /** One started library call. */
  public static final class Handle {
    final Category category;
    final Attributes metric;
    final boolean sampled;
    final Context parent;
    final SpanContext parentSpan;
    final long startNanos;
    Span span;
    Scope scope;
    Object profiled;
    boolean ended;

    Handle(Category category, Attributes metric, boolean sampled, Context parent, SpanContext parentSpan, long start) {
      this.category = category;
      this.metric = metric;
      this.sampled = sampled;
      this.parent = parent;
      this.parentSpan = parentSpan;
      this.startNanos = start;
    }
  }
}
