package io.cludeobs.agent.context;

import io.cludeobs.bootstrap.context.SpanIds;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/** The ids of the agent's current span, for log correlation; nothing is allocated without a span. */
final class CurrentSpanIds implements SpanIds {

  @Override
  public String[] current() {
    try {
      SpanContext span = Span.current().getSpanContext();
      if (!span.isValid()) {
        return null;
      }
      return new String[] {span.getTraceId(), span.getSpanId(), span.getTraceFlags().asHex()};
    } catch (Throwable t) {
      return null;
    }
  }
}
