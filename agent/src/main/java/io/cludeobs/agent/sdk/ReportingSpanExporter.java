package io.cludeobs.agent.sdk;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/** A remote span exporter whose failures are reported by {@link ExportFailureReporter}. */
final class ReportingSpanExporter implements SpanExporter {

  private final SpanExporter delegate;
  private final ExportFailureReporter reporter;

  ReportingSpanExporter(SpanExporter delegate, String description) {
    this.delegate = delegate;
    this.reporter = new ExportFailureReporter(description, "spans");
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    return reporter.track(delegate.export(spans), spans.size());
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }
}
