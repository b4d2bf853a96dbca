/**
 * Carries the trace context across thread hand-offs in the JDK: executors (any implementation),
 * fork/join tasks, CompletableFuture stages, plain and virtual threads.
 */
package io.cludeobs.instrumentation.executors;
