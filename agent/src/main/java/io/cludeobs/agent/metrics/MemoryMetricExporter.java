package io.cludeobs.agent.metrics;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * The {@code memory} storage backend: keeps the most recent collections in a bounded ring, for
 * in-process readers; nothing leaves the process.
 */
public final class MemoryMetricExporter implements MetricExporter {

  private final int capacity;
  private final Deque<List<MetricData>> windows = new ArrayDeque<>();

  public MemoryMetricExporter(int capacity) {
    this.capacity = Math.max(1, capacity);
  }

  @Override
  public synchronized CompletableResultCode export(Collection<MetricData> metrics) {
    if (windows.size() == capacity) {
      windows.removeFirst();
    }
    windows.addLast(new ArrayList<>(metrics));
    return CompletableResultCode.ofSuccess();
  }

  /** The collections kept, oldest first. */
  public synchronized List<List<MetricData>> windows() {
    return new ArrayList<>(windows);
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
