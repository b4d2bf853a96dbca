package io.cludeobs.agent.metrics;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;

/**
 * Asks for base-2 exponential histograms from the reader in front of an exporter, so percentiles
 * keep a bounded relative error whatever the values' range. Views would change every reader,
 * including Prometheus, whose text format has no exponential buckets.
 */
final class ExponentialHistograms implements MetricExporter {

  private final MetricExporter delegate;

  ExponentialHistograms(MetricExporter delegate) {
    this.delegate = delegate;
  }

  @Override
  public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
    return instrumentType == InstrumentType.HISTOGRAM
        ? Aggregation.base2ExponentialBucketHistogram()
        : delegate.getDefaultAggregation(instrumentType);
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return delegate.getAggregationTemporality(instrumentType);
  }

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    return delegate.export(metrics);
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
