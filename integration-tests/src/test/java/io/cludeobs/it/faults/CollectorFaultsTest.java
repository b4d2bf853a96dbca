package io.cludeobs.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.faults.FaultsProbe;
import io.cludeobs.it.support.FaultyCollector;
import io.cludeobs.it.support.FaultyCollector.Fault;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpJson;
import io.cludeobs.it.support.OtlpReceiver.Protocol;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each collector fault, over HTTP/protobuf and gRPC, against the fixed FaultsApp workload: the result is identical,
 * no app thread is ever seen in export code, the agent reaches the collector only after main started, every span is
 * accounted for (exported + dropped + failed = produced), failures give one line, and exit gives up in one line
 * after the flush limit. No assertion looks at a clock.
 */
class CollectorFaultsTest {

  /** Tasks per app thread; 3 threads and 8 spans a task give 24,000 spans, far above the 2,048-span queue. */
  static final int TASKS = 1000;

  static final int SPANS_PER_TASK = 8;

  static final String GAVE_UP = "gave up exporting at exit after clude.obs.tracing.shutdown_timeout=2000ms";

  @TempDir Path tmp;

  enum Kind {
    REFUSED,
    BLACK_HOLE,
    SLOW,
    ERROR,
    THROTTLE
  }

  static Stream<Arguments> faults() {
    List<Arguments> cases = new ArrayList<>();
    for (Protocol protocol : Protocol.values()) {
      for (Kind kind : Kind.values()) {
        cases.add(Arguments.of(kind, protocol));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("faults")
  void theAppRunsUnharmedAndEverySpanIsAccountedFor(Kind kind, Protocol protocol) throws Exception {
    Path marker = tmp.resolve("started");
    try (FaultyCollector collector = collector(kind, protocol)) {
      collector.watchStartMarker(marker);
      Jvm.Builder app = FaultRuns.faultsApp(collector, protocol, tmp, String.valueOf(TASKS), "3", marker.toString());

      long started = System.nanoTime();
      Jvm.Result run = app.run(Duration.ofMinutes(3));
      long runSeconds = Duration.ofNanos(System.nanoTime() - started).getSeconds();

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
      assertThat(run.stdout()).contains("faults-app workload " + FaultsProbe.expectedResult(TASKS));
      FaultRuns.assertNoAppThreadWasInExportCode(run);
      if (kind != Kind.REFUSED) {
        assertThat(collector.attempts()).as("the agent reached the collector").isPositive();
        assertThat(collector.attemptsBeforeStartMarker()).as("export attempts before main started").isZero();
      }

      long produced = (long) TASKS * FaultsProbe.THREADS * SPANS_PER_TASK;
      SpanCounts counts = SpanCounts.read(run.dataDir());
      assertThat(counts.exported + counts.dropped + counts.failed).as(counts + "\n" + run.stderr()).isEqualTo(produced);
      int received = collector.spans().size();
      if (kind == Kind.SLOW) {
        // the batch in flight when exit gave up may still land after the agent counted it as failed
        assertThat((long) received).as(counts.toString()).isGreaterThanOrEqualTo(counts.exported);
      } else {
        assertThat((long) received).as(counts.toString()).isEqualTo(counts.exported).isZero();
      }
      if (kind == Kind.BLACK_HOLE || kind == Kind.SLOW) {
        assertThat(counts.dropped).as("the queue bound applied: " + counts).isPositive();
        assertThat(FaultRuns.agentLines(run, GAVE_UP)).as(run.stderr()).hasSize(1);
      }

      long perMinute = 1 + runSeconds / 60;
      List<String> failures = FaultRuns.agentLines(run, "OTLP traces export to " + collector.endpoint());
      assertThat(failures.size()).as(run.stderr()).isLessThanOrEqualTo((int) perMinute);
      if (kind != Kind.SLOW) {
        // a failure is reported when an export gives up; one still retrying at exit is reported by the exit line
        assertThat(failures.size() + FaultRuns.agentLines(run, GAVE_UP).size()).as(run.stderr()).isPositive();
        failures.forEach(l -> assertThat(l).contains("failed", "check OTEL_EXPORTER_OTLP_ENDPOINT"));
      }
      assertThat(FaultRuns.agentLines(run, "spans since").size()).as(run.stderr()).isLessThanOrEqualTo((int) perMinute);
      assertThat(run.stderr().lines().filter(l -> l.contains("Exception") && !l.startsWith("clude-obs:")))
          .as("no stack traces")
          .isEmpty();
    }
  }

  /**
   * The collector is down for the first 30 seconds (connections refused) and then comes back: spans made after that
   * arrive, all of them, while the app still runs.
   */
  @ParameterizedTest(name = "comes back after 30 s over {0}")
  @EnumSource(Protocol.class)
  void spansMadeAfterTheCollectorComesBackArrive(Protocol protocol) throws Exception {
    Path marker = tmp.resolve("started");
    Path go = tmp.resolve("go");
    Path exit = tmp.resolve("exit");
    // 20 tasks a thread: 480 spans, less than one batch, so the failing first phase is over long before 30 s
    int tasks = 20;
    try (FaultyCollector collector = FaultyCollector.down(protocol);
        Jvm.Running app =
            FaultRuns.faultsApp(
                    collector, protocol, tmp, String.valueOf(tasks), "0", marker.toString(), go.toString(),
                    String.valueOf(tasks), exit.toString())
                .start()) {
      long started = System.nanoTime();
      app.awaitStdoutLine("faults-app waiting for", Duration.ofMinutes(2));
      long left = Duration.ofSeconds(30).toNanos() - (System.nanoTime() - started);
      if (left > 0) {
        Thread.sleep(Duration.ofNanos(left).toMillis());
      }
      collector.comeBack();
      Files.createFile(go);
      // the spans made after the return arrive while the app still runs, not only in the exit flush
      collector.await(
          "the afterRecovery span",
          () -> collector.spans().stream().anyMatch(s -> s.getName().equals("FaultsApp.afterRecovery")),
          Duration.ofMinutes(2));
      Files.createFile(exit);
      Jvm.Result run = app.awaitExit(Duration.ofMinutes(2));

      run.assertExitCode(0);
      String expected = FaultsProbe.expectedResult(tasks);
      assertThat(run.stdout()).contains("faults-app workload " + expected, "faults-app after recovery " + expected);
      FaultRuns.assertNoAppThreadWasInExportCode(run);

      long perPhase = (long) tasks * FaultsProbe.THREADS * SPANS_PER_TASK;
      List<Span> received = collector.spans();
      assertThat(received.stream().filter(s -> s.getName().equals("FaultsApp.afterRecovery")).count()).isEqualTo(1);
      SpanCounts counts = SpanCounts.read(run.dataDir());
      // phase-1 spans still queued or retrying when it came back may arrive too; the phase-2 ones all do
      assertThat((long) received.size()).as(run.stderr()).isEqualTo(counts.exported).isGreaterThanOrEqualTo(perPhase + 1);
      assertThat(counts.exported + counts.failed + counts.dropped).as(counts.toString()).isEqualTo(2 * perPhase + 1);
      assertThat(FaultRuns.agentLines(run, "OTLP traces export to " + collector.endpoint()))
          .as(run.stderr())
          .hasSize(1);
    }
  }

  private static FaultyCollector collector(Kind kind, Protocol protocol) {
    switch (kind) {
      case REFUSED:
        return FaultyCollector.down(protocol);
      case BLACK_HOLE:
        return FaultyCollector.blackHole(protocol);
      case SLOW:
        return FaultyCollector.start(protocol, Fault.SLOW);
      case ERROR:
        return FaultyCollector.start(protocol, Fault.ERROR);
      case THROTTLE:
      default:
        return FaultyCollector.start(protocol, Fault.THROTTLE);
    }
  }

  /** The last values of the agent's span self-metrics in the local metric files. */
  static final class SpanCounts {
    final long exported;
    final long dropped;
    final long failed;

    private SpanCounts(long exported, long dropped, long failed) {
      this.exported = exported;
      this.dropped = dropped;
      this.failed = failed;
    }

    static SpanCounts read(Path dataDir) {
      List<Metric> metrics = OtlpJson.readMetricFiles(dataDir.resolve("metrics"));
      return new SpanCounts(
          last(metrics, "clude.obs.spans.exported"), last(metrics, "clude.obs.spans.dropped"), last(metrics, "clude.obs.spans.failed"));
    }

    private static long last(List<Metric> metrics, String name) {
      List<NumberDataPoint> points =
          metrics.stream()
              .filter(m -> m.getName().equals(name))
              .flatMap(m -> m.getSum().getDataPointsList().stream())
              .collect(Collectors.toList());
      assertThat(points).as("data points of " + name).isNotEmpty();
      return points.get(points.size() - 1).getAsInt();
    }

    @Override
    public String toString() {
      return "exported=" + exported + " dropped=" + dropped + " failed=" + failed;
    }
  }
}
