package io.cludeobs.agent.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.profiling.ProfileAnalysis.TimedValue;
import io.cludeobs.agent.store.StoredTrace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each detector on synthetic agent runs with and without its pattern; clean runs must give nothing. */
class BottleneckDetectorTest {

  private static List<Finding> detect(AgentRuns runs) {
    return BottleneckDetector.detect(
        runs.traces(), Collections.<TimedValue>emptyList(), Collections.<TimedValue>emptyList(), Thresholds.defaults());
  }

  private static List<String> detectors(List<Finding> findings) {
    return findings.stream().map(Finding::detector).collect(Collectors.toList());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void aCleanRunHasNoFindings(long seed) {
    assertThat(detect(new AgentRuns(seed))).isEmpty();
  }

  @Test
  void aSlowToolIsOverItsThreshold() {
    AgentRuns runs = new AgentRuns(1);
    runs.toolMs = 12_000;
    List<Finding> findings = detect(runs);

    assertThat(detectors(findings)).containsExactly("threshold");
    Finding f = findings.get(0);
    assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
    assertThat(f.title()).startsWith("tool search is slow: p95 ").endsWith(" over the limit of 10.00 s");
    assertThat(f.evidence()).containsEntry("calls", "160").containsEntry("limit", "10.00 s");
    assertThat(f.exampleTraceIds()).hasSize(3);
  }

  @Test
  void aPerNameThresholdOverridesTheCategory() {
    AgentRuns runs = new AgentRuns(1);
    List<StoredTrace> traces = runs.traces();
    List<Finding> findings =
        BottleneckDetector.detect(
            traces,
            Collections.<TimedValue>emptyList(),
            Collections.<TimedValue>emptyList(),
            Thresholds.defaults().with("tool:search", Duration.ofMillis(500)));

    assertThat(detectors(findings)).containsExactly("threshold");
    assertThat(findings.get(0).evidence()).containsEntry("limit", "500 ms");
    // 900 ms tools against 500 ms: under three times the limit, so a warning
    assertThat(findings.get(0).severity()).isEqualTo(Finding.Severity.WARNING);
  }

  @Test
  void aToolFailingOftenIsOverTheErrorRateLimit() {
    AgentRuns runs = new AgentRuns(3);
    runs.toolErrorsFirst = 0.4;
    runs.toolErrorsLast = 0.4;
    List<Finding> findings = detect(runs);

    assertThat(detectors(findings)).containsExactly("threshold");
    assertThat(findings.get(0).title()).startsWith("tool search fails ");
    assertThat(findings.get(0).evidence()).containsEntry("calls", "160").containsKey("error rate");
  }

  @Test
  void risingToolLatencyIsATrend() {
    AgentRuns runs = new AgentRuns(4);
    // 900 ms at the first task to about 2.9 s at the last
    runs.toolDriftMsPerTask = 50;
    List<Finding> findings = detect(runs);

    // the tool's latency more than triples (critical); the tasks that run it get slower with it (warning)
    assertThat(findings).extracting(Finding::title)
        .satisfiesExactly(
            t -> assertThat(t).startsWith("tool search: latency rising from "),
            t -> assertThat(t).startsWith("task app.Agent.run: latency rising from "));
    assertThat(findings).extracting(Finding::severity)
        .containsExactly(Finding.Severity.CRITICAL, Finding.Severity.WARNING);
    Finding f = findings.get(0);
    assertThat(f.evidence()).containsEntry("windows", "20");
    assertThat(Double.parseDouble(f.evidence().get("Mann-Kendall p"))).isLessThan(0.01);
    // the newest calls are the examples
    assertThat(f.exampleTraceIds().get(0)).isEqualTo(AgentRuns.traceId(39));
  }

  @Test
  void aRisingToolErrorRateIsATrend() {
    AgentRuns runs = new AgentRuns(5);
    runs.toolErrorsFirst = 0;
    runs.toolErrorsLast = 0.35;
    List<Finding> findings = detect(runs);

    // the error rate over the whole run (about 17%) stays under the 20% limit: only the trend reports it
    assertThat(detectors(findings)).containsExactly("trend");
    assertThat(findings.get(0).title()).startsWith("tool search: error rate rising from 0% to ");
  }

  @Test
  void aSteadyErrorRateUnderTheLimitIsNoFinding() {
    AgentRuns runs = new AgentRuns(6);
    runs.toolErrorsFirst = 0.1;
    runs.toolErrorsLast = 0.1;
    assertThat(detect(runs)).isEmpty();
  }

  @Test
  void oneVerySlowCallIsAnAnomaly() {
    AgentRuns runs = new AgentRuns(7);
    runs.slowToolTask = 17;
    runs.slowToolMs = 8_000;
    List<Finding> findings = detect(runs);

    assertThat(detectors(findings)).containsExactly("anomaly");
    Finding f = findings.get(0);
    assertThat(f.evidence()).containsEntry("anomalous calls", "1").containsEntry("worst duration", "8.00 s");
    assertThat(f.exampleTraceIds()).containsExactly(AgentRuns.traceId(17));
  }

  @Test
  void theSameFileReadInEveryStepIsRepeated() {
    AgentRuns runs = new AgentRuns(8);
    runs.configReadsPerTask = 4;
    List<Finding> findings = detect(runs);

    assertThat(detectors(findings)).containsExactly("repeated-file-read");
    Finding f = findings.get(0);
    assertThat(f.evidence())
        .containsEntry("file", "/app/config.yaml")
        .containsEntry("tasks affected", "40")
        .containsEntry("most reads in one task", "4")
        .containsEntry("reads in those tasks", "160");
  }

  @Test
  void twoReadsOfAFileAreNotRepeated() {
    AgentRuns runs = new AgentRuns(8);
    runs.configReadsPerTask = 2;
    assertThat(detect(runs)).isEmpty();
  }

  @Test
  void toolCallsOfOneTurnRunOneAfterAnotherAreSequential() {
    AgentRuns runs = new AgentRuns(9);
    runs.toolsPerTurn = 3;
    List<Finding> findings = detect(runs);

    assertThat(detectors(findings)).containsExactly("sequential-tools");
    Finding f = findings.get(0);
    assertThat(f.evidence()).containsEntry("tasks affected", "40").containsEntry("sequential runs", "160");
    assertThat(f.exampleTraceIds()).hasSize(3);
  }

  @Test
  void llmWaitMostOfTheTaskIsReported() {
    AgentRuns runs = new AgentRuns(10);
    runs.llmMs = 9_000;
    runs.toolMs = 300;
    runs.gapMs = 50;
    List<Finding> findings = detect(runs);

    assertThat(detectors(findings)).containsExactly("llm-wait");
    assertThat(findings.get(0).evidence()).containsEntry("tasks", "40");
    assertThat(findings.get(0).severity()).isEqualTo(Finding.Severity.WARNING);
  }

  @Test
  void inputTokensGrowingTurnOverTurnIsGrowingContext() {
    AgentRuns runs = new AgentRuns(11);
    runs.turns = 6;
    runs.tokenGrowthPerTurn = 3000;
    List<Finding> findings = detect(runs);

    assertThat(detectors(findings)).contains("growing-context");
    Finding f = findings.stream().filter(x -> x.detector().equals("growing-context")).findFirst().get();
    assertThat(f.evidence())
        .containsEntry("tasks with 4+ LLM calls", "40")
        .containsEntry("tasks with growing context", "40");
    // the growth is within each task; over the run the calls' tokens do not trend
    assertThat(detectors(findings)).doesNotContain("trend");
  }

  @Test
  void cpuAndGcSaturationDuringTasksAreReported() {
    List<StoredTrace> traces = new AgentRuns(12).traces();
    List<TimedValue> load = new ArrayList<>();
    List<TimedValue> gc = new ArrayList<>();
    for (StoredTrace t : traces) {
      for (long at = t.startEpochNanos(); at < t.endEpochNanos(); at += 1_000_000_000L) {
        load.add(new TimedValue(at, 0.97));
        gc.add(new TimedValue(at, 0.2));
      }
    }
    List<Finding> findings =
        BottleneckDetector.detect(traces, load, gc, Thresholds.defaults());

    assertThat(detectors(findings)).containsExactlyInAnyOrder("cpu-saturation", "gc-saturation");
    Finding gcFinding = findings.stream().filter(x -> x.detector().equals("gc-saturation")).findFirst().get();
    long taskNanos = 0;
    long pauses = 0;
    for (StoredTrace t : traces) {
      taskNanos += t.durationNanos();
      pauses += (t.durationNanos() + 999_999_999L) / 1_000_000_000L;
    }
    assertThat(gcFinding.evidence())
        .containsEntry("share", String.format(java.util.Locale.ROOT, "%.0f%%", pauses * 0.2e9 / taskNanos * 100));
    assertThat(gcFinding.severity()).isEqualTo(Finding.Severity.WARNING);
  }

  @Test
  void cpuLoadSampledEveryFiveSecondsCountsFiveSecondsASample() {
    List<StoredTrace> traces = new AgentRuns(12).traces();
    long first = traces.stream().mapToLong(StoredTrace::startEpochNanos).min().getAsLong();
    long last = traces.stream().mapToLong(StoredTrace::endEpochNanos).max().getAsLong();
    List<TimedValue> load = new ArrayList<>();
    // the profiler's series runs the whole time, tasks or not
    for (long at = first - 20_000_000_000L; at <= last + 20_000_000_000L; at += 5_000_000_000L) {
      load.add(new TimedValue(at, 0.95));
    }
    long inTasks = 0;
    for (TimedValue v : load) {
      for (StoredTrace t : traces) {
        if (t.startEpochNanos() <= v.epochNanos() && v.epochNanos() <= t.endEpochNanos()) {
          inTasks++;
          break;
        }
      }
    }
    List<Finding> findings = BottleneckDetector.detect(traces, load, new ArrayList<>(), Thresholds.defaults());
    assertThat(inTasks * 5).as("sampled task seconds").isGreaterThanOrEqualTo((long) ResourceSaturation.MIN_LOAD_SECONDS);
    Finding cpu = findings.stream().filter(x -> x.detector().equals("cpu-saturation")).findFirst().get();
    assertThat(cpu.evidence())
        .containsEntry("seconds sampled during tasks", String.valueOf(inTasks * 5))
        .containsEntry("seconds at 90%+ machine CPU", String.valueOf(inTasks * 5));
  }

  @Test
  void aLoadSampleAfterAPauseInTheSeriesStandsForTheUsualIntervalOnly() {
    List<TimedValue> load = new ArrayList<>();
    for (long s : new long[] {0, 5, 10, 100, 105}) {
      load.add(new TimedValue(s * 1_000_000_000L, 0.5));
    }
    assertThat(ResourceSaturation.intervalSeconds(load)).containsExactly(5.0, 5.0, 5.0, 5.0, 5.0);
    assertThat(ResourceSaturation.intervalSeconds(load.subList(0, 1))).containsExactly(1.0);
    assertThat(ResourceSaturation.intervalSeconds(new ArrayList<>())).isEmpty();
  }

  @Test
  void idleCpuAndShortPausesAreNoFinding() {
    List<StoredTrace> traces = new AgentRuns(12).traces();
    List<TimedValue> load = new ArrayList<>();
    List<TimedValue> gc = new ArrayList<>();
    for (StoredTrace t : traces) {
      for (long at = t.startEpochNanos(); at < t.endEpochNanos(); at += 1_000_000_000L) {
        load.add(new TimedValue(at, 0.35));
        gc.add(new TimedValue(at, 0.005));
      }
    }
    assertThat(BottleneckDetector.detect(traces, load, gc, Thresholds.defaults())).isEmpty();
  }

  @Test
  void findingsAreOrderedMostSevereFirst() {
    AgentRuns runs = new AgentRuns(13);
    runs.toolMs = 40_000;
    runs.configReadsPerTask = 3;
    List<Finding> findings = detect(runs);

    assertThat(findings).extracting(Finding::severity)
        .containsExactly(Finding.Severity.CRITICAL, Finding.Severity.INFO);
    assertThat(detectors(findings)).containsExactly("threshold", "repeated-file-read");
  }
}
