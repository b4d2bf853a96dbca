package io.cludeobs.agent.profiling;

/**
 * A sampled span from its begin to its end, on the thread it runs on: what {@link SpanProfiler#begin} returns and
 * {@link SpanProfiler#end} copies into the {@link SpanLog}. The ids are turned into numbers at the begin, while the
 * span's context is still in the cache.
 */
final class SpanRecord {

  final SpanLog log;
  final long threadId;
  final long startNanos;
  final long traceIdHigh;
  final long traceIdLow;
  final long spanId;
  /** 0 for a root span. */
  final long parentSpanId;
  final String category;
  final String spanName;
  /** Null unless a tool span. */
  final String toolName;

  SpanRecord(
      SpanLog log,
      long threadId,
      long startNanos,
      long traceIdHigh,
      long traceIdLow,
      long spanId,
      long parentSpanId,
      String category,
      String spanName,
      String toolName) {
    this.log = log;
    this.threadId = threadId;
    this.startNanos = startNanos;
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.category = category;
    this.spanName = spanName;
    this.toolName = toolName;
  }
}
