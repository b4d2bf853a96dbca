package io.cludeobs.agent.analysis;

import io.cludeobs.agent.profiling.ProfileAnalysis.TimedValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CPU or GC saturation while tasks ran, from the profiler's CPU load and GC pause events. */
final class ResourceSaturation {

  /** Machine CPU load from which a sample's interval counts as saturated. */
  static final double SATURATED_CPU = 0.9;
  /** Share of the sampled task time that must be saturated. */
  static final double SATURATED_SHARE = 0.5;
  /** Sampled task time below which nothing is said. */
  static final double MIN_LOAD_SECONDS = 5;
  /** Share of task time spent in GC pauses from which it is reported. */
  static final double GC_SHARE = 0.1;

  private ResourceSaturation() {}

  /**
   * @param tasks intervals {start, end} in epoch nanos with their trace ids
   */
  static List<Finding> find(
      List<long[]> tasks, List<String> taskTraceIds, List<TimedValue> machineLoad, List<TimedValue> gcPauses) {
    List<Finding> out = new ArrayList<>();
    if (tasks.isEmpty()) {
      return out;
    }
    double[] weights = intervalSeconds(machineLoad);
    double during = 0;
    double saturated = 0;
    double peak = 0;
    List<String> saturatedTraces = new ArrayList<>();
    for (int i = 0; i < machineLoad.size(); i++) {
      TimedValue v = machineLoad.get(i);
      int task = taskAt(tasks, v.epochNanos());
      if (task < 0) {
        continue;
      }
      during += weights[i];
      peak = Math.max(peak, v.value());
      if (v.value() >= SATURATED_CPU) {
        saturated += weights[i];
        String id = taskTraceIds.get(task);
        if (!saturatedTraces.contains(id)) {
          saturatedTraces.add(id);
        }
      }
    }
    if (during >= MIN_LOAD_SECONDS && saturated >= SATURATED_SHARE * during) {
      Map<String, String> evidence = new LinkedHashMap<>();
      evidence.put("seconds sampled during tasks", String.valueOf(Math.round(during)));
      evidence.put("seconds at 90%+ machine CPU", String.valueOf(Math.round(saturated)));
      evidence.put("peak machine CPU", CallSet.percent(peak));
      out.add(
          new Finding(
              Finding.Severity.WARNING,
              "cpu-saturation",
              "the CPU was saturated for " + CallSet.percent(saturated / during) + " of task time",
              evidence,
              saturatedTraces.subList(0, Math.min(3, saturatedTraces.size())),
              "see the CPU flame graph per tool for what burns it; run fewer tasks at once or move CPU-heavy"
                  + " tools (parsing, indexing, diffing) to a cache or a separate worker"));
    }
    double taskSeconds = CallPatterns.union(tasks) / 1e9;
    double gcSeconds = 0;
    List<String> gcTraces = new ArrayList<>();
    for (TimedValue v : gcPauses) {
      int task = taskAt(tasks, v.epochNanos());
      if (task >= 0) {
        gcSeconds += v.value();
        String id = taskTraceIds.get(task);
        if (!gcTraces.contains(id)) {
          gcTraces.add(id);
        }
      }
    }
    if (taskSeconds > 0 && gcSeconds >= GC_SHARE * taskSeconds) {
      Map<String, String> evidence = new LinkedHashMap<>();
      evidence.put("task time", CallSet.seconds(taskSeconds));
      evidence.put("GC pauses during tasks", CallSet.seconds(gcSeconds));
      evidence.put("share", CallSet.percent(gcSeconds / taskSeconds));
      out.add(
          new Finding(
              gcSeconds >= 0.25 * taskSeconds ? Finding.Severity.CRITICAL : Finding.Severity.WARNING,
              "gc-saturation",
              "GC pauses take " + CallSet.percent(gcSeconds / taskSeconds) + " of task time",
              evidence,
              gcTraces.subList(0, Math.min(3, gcTraces.size())),
              "see the allocation flame graph for who allocates; keep large tool results and file contents out"
                  + " of long-lived conversation objects, and give the JVM more heap (-Xmx)"));
    }
    return out;
  }

  /**
   * The time each load sample stands for, in seconds: a sample is the average load since the one before it, so its
   * interval is the gap to the previous sample, at most the series' usual gap (its median), so that a sample after a
   * pause in the series (the profiler stopped, a gap between files) does not stand for the pause.
   */
  static double[] intervalSeconds(List<TimedValue> samples) {
    int n = samples.size();
    double[] out = new double[n];
    if (n == 0) {
      return out;
    }
    long[] times = new long[n];
    for (int i = 0; i < n; i++) {
      times[i] = samples.get(i).epochNanos();
    }
    java.util.Arrays.sort(times);
    long[] gaps = new long[Math.max(1, n - 1)];
    for (int i = 1; i < n; i++) {
      gaps[i - 1] = times[i] - times[i - 1];
    }
    long[] sortedGaps = gaps.clone();
    java.util.Arrays.sort(sortedGaps);
    // one sample alone stands for JFR's period before this change, a second
    long usual = n > 1 ? sortedGaps[sortedGaps.length / 2] : 1_000_000_000L;
    if (usual <= 0) {
      usual = 1_000_000_000L;
    }
    for (int i = 0; i < n; i++) {
      long t = samples.get(i).epochNanos();
      int at = java.util.Arrays.binarySearch(times, t);
      // samples at the same time each stand for the gap before the first of them
      while (at > 0 && times[at - 1] == t) {
        at--;
      }
      long gap = at == 0 ? usual : t - times[at - 1];
      out[i] = Math.min(gap, usual) / 1e9;
    }
    return out;
  }

  private static int taskAt(List<long[]> tasks, long t) {
    for (int i = 0; i < tasks.size(); i++) {
      if (tasks.get(i)[0] <= t && t <= tasks.get(i)[1]) {
        return i;
      }
    }
    return -1;
  }
}
