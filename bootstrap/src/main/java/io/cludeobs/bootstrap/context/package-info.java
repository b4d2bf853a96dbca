/**
 * Carries the trace context across thread hand-offs: the wrappers and maps that woven JDK
 * classes (executors, fork/join tasks, completions, threads) call. The agent installs the
 * {@link io.cludeobs.bootstrap.context.ContextCarrier} that knows what a context is, and the
 * {@link io.cludeobs.bootstrap.context.SpanIds} that log-correlation advice in the app's logging
 * classes reads through {@link io.cludeobs.bootstrap.context.LogCorrelation}.
 */
package io.cludeobs.bootstrap.context;
