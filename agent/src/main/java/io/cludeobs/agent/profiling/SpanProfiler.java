package io.cludeobs.agent.profiling;

import io.opentelemetry.api.trace.SpanContext;

/**
 * What the dispatcher calls on the sampled path while profiling is on: one {@link SpanEvent} per span, begun on
 * enter and committed on exit. Never called when profiling is off, so the event class is not even loaded then.
 */
public final class SpanProfiler {

  SpanProfiler() {}

  /**
   * Begins the event of a span that has just started on this thread; returns what {@link #end(Object)} needs.
   *
   * @param parent the parent span, or an invalid context for a root
   * @param toolName the tool's name for a tool span, else null
   */
  public Object begin(SpanContext span, SpanContext parent, String category, String spanName, String toolName) {
    SpanEvent event = new SpanEvent();
    if (!event.isEnabled()) {
      return null;
    }
    event.traceId = span.getTraceId();
    event.spanId = span.getSpanId();
    event.parentSpanId = parent.isValid() ? parent.getSpanId() : null;
    event.category = category;
    event.spanName = spanName;
    event.toolName = toolName;
    event.begin();
    return event;
  }

  /** Commits the event {@link #begin} returned; null is ignored. */
  public static void end(Object begun) {
    if (begun instanceof SpanEvent) {
      ((SpanEvent) begun).commit();
    }
  }
}
