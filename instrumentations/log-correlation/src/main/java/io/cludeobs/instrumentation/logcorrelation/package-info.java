/**
 * Log correlation: weaves the app's own Logback and Log4j2 classes so that log events made while
 * a span is current carry its {@code trace_id}, {@code span_id} and {@code trace_flags}.
 */
package io.cludeobs.instrumentation.logcorrelation;
