package io.cludeobs.agent.tracing;

import io.opentelemetry.api.trace.SpanContext;

/** Receives each finished tool call, sampled or not, for the audit log; see {@link CallDispatcher#auditToolCalls}. */
public interface ToolCallAudit {

  /**
   * Called on the application's thread as a tool call returns or throws; must not throw.
   *
   * @param endNanos {@link System#nanoTime()} as the call ended
   * @param toolName the pointcut's tool name, or null if it has none
   * @param context the call's span, or an invalid context when it was not sampled
   * @param errorType the class of the exception thrown, or null on success
   */
  void toolCallEnded(long endNanos, String toolName, SpanContext context, long durationNanos, String errorType);
}
