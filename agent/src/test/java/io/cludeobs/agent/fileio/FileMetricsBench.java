package io.cludeobs.agent.fileio;

import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a file close outside traces records (a duration and a size, by operation), through the SDK's
 * instruments and through {@link StripedFileIoMetrics}. Run by {@code benchmarks/jmh/run.sh}; a
 * benchmark, never a test.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FileMetricsBench {

  /** Both implementations, each behind a reader as in the agent. */
  @State(Scope.Thread)
  public static class Metrics {
    SdkMeterProvider sdk;
    SdkMeterProvider withProducer;
    FileIoMetrics instruments;
    FileIoMetrics striped;

    @Setup
    public void setUp() {
      sdk = SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build();
      instruments = new FileIoInstruments(sdk.get("io.cludeobs"));
      StripedFileIoMetrics producer = new StripedFileIoMetrics(InstrumentationScopeInfo.create("io.cludeobs"));
      withProducer =
          SdkMeterProvider.builder()
              .registerMetricReader(InMemoryMetricReader.create())
              .registerMetricProducer(producer)
              .build();
      striped = producer;
    }

    @TearDown
    public void tearDown() {
      sdk.close();
      withProducer.close();
    }
  }

  /** A 4 KiB read's close through two SDK histogram records. */
  @Benchmark
  public void closeSdkInstruments(Metrics m) {
    m.instruments.record(FileOperation.READ, null, 4_400, 4096, null);
  }

  /** The same close through the striped histograms. */
  @Benchmark
  public void closeStriped(Metrics m) {
    m.striped.record(FileOperation.READ, null, 4_400, 4096, null);
  }
}
