package io.cludeobs.agent.analysis;

import io.cludeobs.agent.profiling.ProfileAnalysis;
import io.cludeobs.agent.profiling.ProfileAnalysis.TimedValue;
import io.cludeobs.agent.store.LocalStoreReader;
import io.cludeobs.agent.store.StoredSpan;
import io.cludeobs.agent.store.StoredTrace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Finds bottlenecks in what the agent stored for a time range: thresholds, trends and anomalies per call name,
 * agent patterns per task, and CPU or GC saturation from the profiler; most severe first.
 */
public final class BottleneckDetector {

  private BottleneckDetector() {}

  /** With {@link Thresholds#defaults()}; see {@link #detect(Path, Instant, Instant, Thresholds)}. */
  public static List<Finding> detect(Path dataDir, Instant from, Instant until) throws IOException {
    return detect(dataDir, from, until, Thresholds.defaults());
  }

  /**
   * The findings for the traces that started in the range (null bounds: unbounded) and the profile files that
   * overlap it.
   *
   * @throws IOException only when a store folder cannot be listed; bad lines and files are skipped
   */
  public static List<Finding> detect(Path dataDir, Instant from, Instant until, Thresholds thresholds)
      throws IOException {
    List<StoredTrace> traces = new ArrayList<>();
    for (StoredTrace t : LocalStoreReader.create(dataDir).readTraces()) {
      if (inRange(t.rootStartEpochNanos(), from, until)) {
        traces.add(t);
      }
    }
    ProfileAnalysis profile = ProfileAnalysis.read(dataDir, from, until);
    return detect(traces, profile.machineCpuLoad(), profile.gcPauses(), thresholds);
  }

  /** The findings for these traces and profiler series, most severe first. */
  static List<Finding> detect(
      List<StoredTrace> traces, List<TimedValue> machineLoad, List<TimedValue> gcPauses, Thresholds thresholds) {
    List<Call> calls = new ArrayList<>();
    List<long[]> tasks = new ArrayList<>();
    List<String> taskTraceIds = new ArrayList<>();
    for (StoredTrace t : traces) {
      for (StoredSpan s : t.spans()) {
        Call c = Call.of(s);
        calls.add(c);
        if ("task".equals(c.category)) {
          tasks.add(new long[] {c.startNanos, c.endNanos});
          taskTraceIds.add(c.traceId);
        }
      }
    }
    CallSet set = new CallSet(calls);
    List<Finding> out = new ArrayList<>();
    out.addAll(ThresholdDetector.find(set, thresholds));
    out.addAll(TrendAnalyser.find(set));
    out.addAll(AnomalyDetector.find(set));
    out.addAll(CallPatterns.repeatedFileReads(set));
    out.addAll(CallPatterns.sequentialToolCalls(set));
    out.addAll(CallPatterns.llmWait(set));
    out.addAll(CallPatterns.growingContext(set));
    out.addAll(ResourceSaturation.find(tasks, taskTraceIds, machineLoad, gcPauses));
    // stable: within a severity, the order above (thresholds first) is kept
    out.sort(Comparator.comparing(Finding::severity).reversed());
    return Collections.unmodifiableList(out);
  }

  private static boolean inRange(long epochNanos, Instant from, Instant until) {
    long fromNanos = from == null ? Long.MIN_VALUE : from.getEpochSecond() * 1_000_000_000L + from.getNano();
    long untilNanos = until == null ? Long.MAX_VALUE : until.getEpochSecond() * 1_000_000_000L + until.getNano();
    return epochNanos >= fromNanos && epochNanos <= untilNanos;
  }
}
