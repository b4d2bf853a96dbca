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
 */
@Name(SpanEvent.NAME)
@Label("clude-obs span")
@Category({"clude-obs"})
@Description("A span the clude-obs agent recorded, from enter to exit of the woven method")
@StackTrace(false)
final class SpanEvent extends Event {

  static final String NAME = "io.cludeobs.Span";

  @Label("Trace Id")
  String traceId;

  @Label("Span Id")
  String spanId;

  @Label("Parent Span Id")
  String parentSpanId;

  @Label("Category")
  String category;

  @Label("Span Name")
  String spanName;

  @Label("Tool Name")
  String toolName;
}
