package io.cludeobs.agent.profiling;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One sampled span as a JFR duration event: begun where the woven method is entered, committed where it exits, on
 * the same thread, so that the analysis can put every sample of that thread inside its time range.
 *
 * <p>Ids are numbers, not the hex text of the span context: every id is unique, and JFR puts each string of 16 to
 * 128 characters in its string pool, which cost more than the rest of the event (and made the files bigger).
 */
@Name(SpanEvent.NAME)
@Label("clude-obs span")
@Category({"clude-obs"})
@Description("A span the clude-obs agent recorded, from enter to exit of the woven method")
@StackTrace(false)
final class SpanEvent extends Event {

  static final String NAME = "io.cludeobs.Span";

  @Label("Trace Id High")
  @Description("The first 16 hex digits of the trace id, as a number")
  long traceIdHigh;

  @Label("Trace Id Low")
  @Description("The last 16 hex digits of the trace id, as a number")
  long traceIdLow;

  @Label("Span Id")
  @Description("The span id as a number")
  long spanId;

  @Label("Parent Span Id")
  @Description("The parent span id as a number; 0 for a root span")
  long parentSpanId;

  @Label("Category")
  String category;

  @Label("Span Name")
  String spanName;

  @Label("Tool Name")
  String toolName;
}
