package io.cludeobs.agent.analysis;

import io.cludeobs.agent.profiling.ProfileAnalysis.TimedValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CPU or GC saturation while tasks ran, from the profiler's CPU load and GC pause events. */
final class ResourceSaturation {

  /** Machine CPU load from which a second counts as saturated. */
  static final double SATURATED_CPU = 0.9;
  /** Share of task seconds that must be saturated. */
  static final double SATURATED_SHARE = 0.5;
  static final int MIN_LOAD_SAMPLES = 5;
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
    int during = 0;
    int saturated = 0;
    double peak = 0;
    List<String> saturatedTraces = new ArrayList<>();
    for (TimedValue v : machineLoad) {
      int task = taskAt(tasks, v.epochNanos());
      if (task < 0) {
        continue;
      }
      during++;
      peak = Math.max(peak, v.value());
      if (v.value() >= SATURATED_CPU) {
        saturated++;
        String id = taskTraceIds.get(task);
        if (!saturatedTraces.contains(id)) {
          saturatedTraces.add(id);
        }
      }
    }
    if (during >= MIN_LOAD_SAMPLES && saturated >= SATURATED_SHARE * during) {
      Map<String, String> evidence = new LinkedHashMap<>();
      evidence.put("seconds sampled during tasks", String.valueOf(during));
      evidence.put("seconds at 90%+ machine CPU", String.valueOf(saturated));
      evidence.put("peak machine CPU", CallSet.percent(peak));
      out.add(
          new Finding(
              Finding.Severity.WARNING,
              "cpu-saturation",
              "the CPU was saturated for " + CallSet.percent((double) saturated / during) + " of task time",
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

  private static int taskAt(List<long[]> tasks, long t) {
    for (int i = 0; i < tasks.size(); i++) {
      if (tasks.get(i)[0] <= t && t <= tasks.get(i)[1]) {
        return i;
      }
    }
    return -1;
  }
}
