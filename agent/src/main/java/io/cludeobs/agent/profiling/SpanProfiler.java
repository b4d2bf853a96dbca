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
    String traceId = span.getTraceId();
    event.traceIdHigh = hexLong(traceId, 0);
    event.traceIdLow = hexLong(traceId, 16);
    event.spanId = hexLong(span.getSpanId(), 0);
    event.parentSpanId = parent.isValid() ? hexLong(parent.getSpanId(), 0) : 0;
    event.category = category;
    event.spanName = spanName;
    event.toolName = toolName;
    event.begin();
    return event;
  }

  /** The 16 lowercase hex digits of {@code hex} from {@code from} as a number (ids are valid: checked by the SDK). */
  static long hexLong(CharSequence hex, int from) {
    long v = 0;
    for (int i = from; i < from + 16; i++) {
      char c = hex.charAt(i);
      v = (v << 4) | (c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return v;
  }

  /** An id as the span context writes it: 16 lowercase hex digits. */
  static String hex(long id) {
    String s = Long.toHexString(id);
    return s.length() == 16 ? s : "0000000000000000".substring(s.length()) + s;
  }

  /** Commits the event {@link #begin} returned; null is ignored. */
  public static void end(Object begun) {
    if (begun instanceof SpanEvent) {
      ((SpanEvent) begun).commit();
    }
  }
}
