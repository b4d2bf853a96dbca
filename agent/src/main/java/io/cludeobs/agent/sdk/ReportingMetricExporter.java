package io.cludeobs.agent.sdk;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;

/** A remote metric exporter whose failures are reported by {@link ExportFailureReporter}. */
final class ReportingMetricExporter implements MetricExporter {

  private final MetricExporter delegate;
  private final ExportFailureReporter reporter;

  ReportingMetricExporter(MetricExporter delegate, String description) {
    this.delegate = delegate;
    this.reporter = new ExportFailureReporter(description, "metric points");
  }

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    return reporter.track(delegate.export(metrics), metrics.size());
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return delegate.getAggregationTemporality(instrumentType);
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
