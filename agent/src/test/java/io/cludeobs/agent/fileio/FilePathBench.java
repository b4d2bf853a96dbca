package io.cludeobs.agent.fileio;

import io.cludeobs.agent.config.FilePathMode;
import io.cludeobs.bootstrap.FileIo;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
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
 * The agent's own part of one {@code FileInputStream} open, 4 KiB read and close outside traces: the
 * calls the woven constructor, read and close make, in that order, into the installed recorder with
 * the striped metrics, on 64 tracked paths in turn. It leaves out what only the real classes show
 * (how the woven JDK methods compile) and the system calls. {@link #twoClockReads} is the part no
 * duration can do without. Run by hand with {@code benchmarks/jmh/run.sh FilePathBench}; a
 * benchmark, never a test.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FilePathBench {

  private static final int PATHS = 64;

  /** The recorder installed as the agent installs it, outside any trace. */
  @State(Scope.Thread)
  public static class Installed {
    SdkMeterProvider meters;
    final String[] paths = new String[PATHS];
    final Object lock = new Object();
    int next;

    @Setup
    public void setUp() {
      StripedFileIoMetrics metrics = new StripedFileIoMetrics(InstrumentationScopeInfo.create("io.cludeobs"));
      meters =
          SdkMeterProvider.builder()
              .registerMetricReader(InMemoryMetricReader.create())
              .registerMetricProducer(metrics)
              .build();
      PathRules rules =
          new PathRules(
              FilePathMode.RELATIVE,
              Paths.get("/tmp/clude-obs-filebench"),
              Arrays.asList("/tmp/clude-obs-bench-data", System.getProperty("java.home"), "/proc", "/sys", "/dev"),
              Collections.emptyList(),
              Collections.emptyList(),
              Collections.emptyList());
      for (int i = 0; i < PATHS; i++) {
        paths[i] = "/tmp/clude-obs-filebench/big-" + i + ".txt";
      }
      FileIo.install(new FileIoRecorder(OpenTelemetry.noop().getTracer("bench"), metrics, rules, null));
    }

    @TearDown
    public void tearDown() {
      FileIo.install(null);
      meters.close();
    }
  }

  /** What the woven constructor, read and close of one 4 KiB read add. */
  @Benchmark
  public Object openReadClose(Installed s) {
    String path = s.paths[s.next++ & (PATHS - 1)];
    long start = FileIo.openStart();
    Object lock = FileIo.openedWithLock(path, FileIo.MODE_READ, start, s.lock);
    FileIo.readWithLock(lock, 4096);
    FileIo.closing(lock);
    FileIo.closedWithLock(lock);
    return lock;
  }

  /** Memory the polluting benchmarks walk between operations, as a system call's kernel work would. */
  @State(Scope.Thread)
  public static class Polluter {
    final long[] lines = new long[64 * 1024 / 8];

    long walk() {
      long sum = 0;
      for (int i = 0; i < lines.length; i += 8) {
        sum += lines[i]++;
      }
      return sum;
    }
  }

  /** {@link #openReadClose} after walking 64 KiB, which leaves little of the agent's data in the L1 cache. */
  @Benchmark
  public Object openReadClosePolluted(Installed s, Polluter p) {
    p.walk();
    return openReadClose(s);
  }

  /** The walk of {@link #openReadClosePolluted} alone. */
  @Benchmark
  public long pollutedOnly(Polluter p) {
    return p.walk();
  }

  /** The floor: the two clock reads of a duration. */
  @Benchmark
  public long twoClockReads() {
    long start = System.nanoTime();
    return System.nanoTime() - start;
  }
}
