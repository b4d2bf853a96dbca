package io.cludeobs.agent.profiling;

import io.opentelemetry.api.trace.SpanContext;

/**
 * What the dispatcher calls on the sampled path while profiling is on: a {@link SpanRecord} made when a span begins
 * and put in the {@link SpanLog} when it ends, on the same thread, so that the analysis can put every sample of that
 * thread inside the span's time range. Never called when profiling is off.
 */
public final class SpanProfiler {

  private final SpanLog log;

  SpanProfiler(SpanLog log) {
    this.log = log;
  }

  /**
   * Begins the record of a span that has just started on this thread; returns what {@link #end(Object)} needs.
   *
   * @param parent the parent span, or an invalid context for a root
   * @param toolName the tool's name for a tool span, else null
   */
  public Object begin(SpanContext span, SpanContext parent, String category, String spanName, String toolName) {
    String traceId = span.getTraceId();
    return new SpanRecord(
        log,
        Thread.currentThread().getId(),
        System.nanoTime(),
        hexLong(traceId, 0),
        hexLong(traceId, 16),
        hexLong(span.getSpanId(), 0),
        parent.isValid() ? hexLong(parent.getSpanId(), 0) : 0,
        category,
        spanName,
        toolName);
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

  /** Logs the span {@link #begin} returned as ended now; null is ignored. */
  public static void end(Object begun) {
    if (begun instanceof SpanRecord) {
      SpanRecord record = (SpanRecord) begun;
      record.log.offer(record, System.nanoTime());
    }
  }
}
