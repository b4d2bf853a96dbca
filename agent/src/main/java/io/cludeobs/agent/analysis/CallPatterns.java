package io.cludeobs.agent.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Agent-shaped inefficiencies found in the calls of each trace (one trace is one task). */
final class CallPatterns {

  /** A file read this many times in one task is worth caching. */
  static final int REPEATED_READS = 3;
  /** Running sequential tool calls in parallel must save at least this much in some task to be reported. */
  static final double MIN_PARALLEL_SAVING = 0.1;
  static final double MIN_PARALLEL_SAVING_SECONDS = 0.5;
  /** LLM wait share of task time, averaged over tasks, from which it is reported. */
  static final double LLM_WAIT_SHARE = 0.6;
  static final int MIN_TASKS = 3;
  /** A conversation of at least this many LLM calls can show growing context. */
  static final int MIN_TURNS = 4;
  static final double MIN_CONTEXT_GROWTH = 2.0;

  private CallPatterns() {}

  /** The same file read {@link #REPEATED_READS} or more times within one trace. */
  static List<Finding> repeatedFileReads(CallSet set) {
    // path -> traces where it was read repeatedly, with the count
    Map<String, Map<String, Integer>> repeated = new LinkedHashMap<>();
    for (List<Call> calls : set.byTrace.values()) {
      Map<String, Integer> reads = new HashMap<>();
      for (Call c : calls) {
        if ("file".equals(c.category) && "read".equals(c.name) && c.path != null) {
          reads.merge(c.path, 1, Integer::sum);
        }
      }
      for (Map.Entry<String, Integer> e : reads.entrySet()) {
        if (e.getValue() >= REPEATED_READS) {
          repeated.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()).put(calls.get(0).traceId, e.getValue());
        }
      }
    }
    List<Finding> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, Integer>> e : repeated.entrySet()) {
      Map<String, Integer> traces = e.getValue();
      int max = 0;
      long total = 0;
      for (int n : traces.values()) {
        max = Math.max(max, n);
        total += n;
      }
      List<String> examples = new ArrayList<>(traces.keySet());
      final Map<String, Integer> t = traces;
      examples.sort(Comparator.comparingInt((String id) -> t.get(id)).reversed());
      Map<String, String> evidence = new LinkedHashMap<>();
      evidence.put("file", e.getKey());
      evidence.put("tasks affected", String.valueOf(traces.size()));
      evidence.put("most reads in one task", String.valueOf(max));
      evidence.put("reads in those tasks", String.valueOf(total));
      out.add(
          new Finding(
              max >= 2 * REPEATED_READS ? Finding.Severity.WARNING : Finding.Severity.INFO,
              "repeated-file-read",
              "the same file is read " + max + " times in one task: " + e.getKey(),
              evidence,
              examples.subList(0, Math.min(3, examples.size())),
              "cache the file's content for the task (or keep it in the conversation once) instead of letting"
                  + " the tools read it again on every step"));
    }
    return out;
  }

  /**
   * Tool calls of one parent that ran one after another with no LLM call between them: the model asked for them
   * together, so they do not depend on each other and could have run at once.
   */
  static List<Finding> sequentialToolCalls(CallSet set) {
    List<String> examples = new ArrayList<>();
    Map<String, Double> savingByTrace = new LinkedHashMap<>();
    int runs = 0;
    double totalSaving = 0;
    for (List<Call> calls : set.byTrace.values()) {
      double traceSaving = 0;
      Map<String, List<Call>> byParent = new LinkedHashMap<>();
      for (Call c : calls) {
        if (("tool".equals(c.category) || "llm".equals(c.category)) && c.parentSpanId != null) {
          byParent.computeIfAbsent(c.parentSpanId, k -> new ArrayList<>()).add(c);
        }
      }
      for (List<Call> siblings : byParent.values()) {
        List<Call> run = new ArrayList<>();
        for (Call c : siblings) {
          boolean continues =
              "tool".equals(c.category) && !run.isEmpty() && c.startNanos >= run.get(run.size() - 1).endNanos;
          if (continues) {
            run.add(c);
            continue;
          }
          if (run.size() >= 2) {
            traceSaving += saving(run);
            runs++;
          }
          run.clear();
          if ("tool".equals(c.category)) {
            run.add(c);
          }
        }
        if (run.size() >= 2) {
          traceSaving += saving(run);
          runs++;
        }
      }
      long extent = extent(calls);
      if (traceSaving >= MIN_PARALLEL_SAVING_SECONDS && traceSaving >= MIN_PARALLEL_SAVING * extent / 1e9) {
        savingByTrace.put(calls.get(0).traceId, traceSaving);
        totalSaving += traceSaving;
      }
    }
    if (savingByTrace.isEmpty()) {
      return new ArrayList<>();
    }
    examples.addAll(savingByTrace.keySet());
    examples.sort(Comparator.comparingDouble((String id) -> savingByTrace.get(id)).reversed());
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("tasks affected", String.valueOf(savingByTrace.size()));
    evidence.put("sequential runs", String.valueOf(runs));
    evidence.put("time parallel calls would save", CallSet.seconds(totalSaving));
    evidence.put("most in one task", CallSet.seconds(savingByTrace.get(examples.get(0))));
    List<Finding> out = new ArrayList<>();
    out.add(
        new Finding(
            Finding.Severity.WARNING,
            "sequential-tools",
            "independent tool calls run one after another (" + CallSet.seconds(totalSaving) + " could be saved)",
            evidence,
            examples.subList(0, Math.min(3, examples.size())),
            "the model asked for these tools in one turn, so they do not depend on each other: run them in"
                + " parallel (an executor or parallel tool calls in the framework)"));
    return out;
  }

  /** Sum of durations minus the longest: what running a run of calls at once would save. */
  private static double saving(List<Call> run) {
    double sum = 0;
    double max = 0;
    for (Call c : run) {
      sum += c.seconds();
      max = Math.max(max, c.seconds());
    }
    return sum - max;
  }

  private static long extent(List<Call> calls) {
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (Call c : calls) {
      start = Math.min(start, c.startNanos);
      end = Math.max(end, c.endNanos);
    }
    return Math.max(1, end - start);
  }

  /** Waiting for the model is most of the task time, on average over tasks. */
  static List<Finding> llmWait(CallSet set) {
    List<String> ids = new ArrayList<>();
    List<Double> shares = new ArrayList<>();
    for (List<Call> calls : set.byTrace.values()) {
      List<long[]> llm = new ArrayList<>();
      boolean hasTask = false;
      for (Call c : calls) {
        if ("llm".equals(c.category)) {
          llm.add(new long[] {c.startNanos, c.endNanos});
        }
        hasTask |= "task".equals(c.category);
      }
      if (!hasTask || llm.isEmpty()) {
        continue;
      }
      ids.add(calls.get(0).traceId);
      shares.add(union(llm) / (double) extent(calls));
    }
    if (ids.size() < MIN_TASKS) {
      return new ArrayList<>();
    }
    double sum = 0;
    for (double s : shares) {
      sum += s;
    }
    double mean = sum / shares.size();
    if (mean < LLM_WAIT_SHARE) {
      return new ArrayList<>();
    }
    List<String> examples = new ArrayList<>(ids);
    final List<String> order = ids;
    examples.sort(Comparator.comparingDouble((String id) -> shares.get(order.indexOf(id))).reversed());
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("tasks", String.valueOf(ids.size()));
    evidence.put("mean LLM share of task time", CallSet.percent(mean));
    List<Finding> out = new ArrayList<>();
    out.add(
        new Finding(
            mean >= 0.8 ? Finding.Severity.WARNING : Finding.Severity.INFO,
            "llm-wait",
            "waiting for the LLM is " + CallSet.percent(mean) + " of task time",
            evidence,
            examples.subList(0, Math.min(3, examples.size())),
            "cut LLM round trips (batch tool calls per turn), use a faster model for simple steps, stream"
                + " responses, and use prompt caching for the fixed part of the prompt"));
    return out;
  }

  /** Nanoseconds covered by at least one interval. */
  static long union(List<long[]> intervals) {
    List<long[]> sorted = new ArrayList<>(intervals);
    sorted.sort(Comparator.comparingLong((long[] a) -> a[0]));
    long total = 0;
    long curStart = Long.MIN_VALUE;
    long curEnd = Long.MIN_VALUE;
    for (long[] i : sorted) {
      if (i[0] > curEnd) {
        if (curEnd > curStart) {
          total += curEnd - curStart;
        }
        curStart = i[0];
        curEnd = i[1];
      } else {
        curEnd = Math.max(curEnd, i[1]);
      }
    }
    if (curEnd > curStart) {
      total += curEnd - curStart;
    }
    return total;
  }

  /** Input tokens rising turn over turn within tasks: the whole history is sent every time. */
  static List<Finding> growingContext(CallSet set) {
    int eligible = 0;
    List<String> growing = new ArrayList<>();
    List<Double> slopes = new ArrayList<>();
    double worstFirst = 0;
    double worstLast = 0;
    double worstRatio = 0;
    for (List<Call> calls : set.byTrace.values()) {
      List<Double> tokens = new ArrayList<>();
      for (Call c : calls) {
        if ("llm".equals(c.category) && c.inputTokens >= 0) {
          tokens.add((double) c.inputTokens);
        }
      }
      if (tokens.size() < MIN_TURNS) {
        continue;
      }
      eligible++;
      double[] series = new double[tokens.size()];
      for (int i = 0; i < series.length; i++) {
        series[i] = tokens.get(i);
      }
      double first = series[0];
      double last = series[series.length - 1];
      double ratio = last / Math.max(1, first);
      // a strictly rising series of n values has p of about 0.04 at n = 4, so the test is one-sided here
      if (RobustStats.mannKendallS(series) > 0 && RobustStats.mannKendallP(series) / 2 < 0.05
          && ratio >= MIN_CONTEXT_GROWTH) {
        growing.add(calls.get(0).traceId);
        slopes.add(RobustStats.senSlope(series));
        if (ratio > worstRatio) {
          worstRatio = ratio;
          worstFirst = first;
          worstLast = last;
        }
      }
    }
    if (growing.isEmpty() || growing.size() * 2 < eligible) {
      return new ArrayList<>();
    }
    double[] s = new double[slopes.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = slopes.get(i);
    }
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("tasks with 4+ LLM calls", String.valueOf(eligible));
    evidence.put("tasks with growing context", String.valueOf(growing.size()));
    evidence.put("median growth per turn", CallSet.number(Math.rint(RobustStats.median(s))) + " tokens");
    evidence.put("worst task", String.format(Locale.ROOT, "%.0f to %.0f input tokens", worstFirst, worstLast));
    List<Finding> out = new ArrayList<>();
    out.add(
        new Finding(
            Finding.Severity.WARNING,
            "growing-context",
            "input tokens grow turn over turn in " + growing.size() + " of " + eligible + " tasks",
            evidence,
            growing.subList(0, Math.min(3, growing.size())),
            "trim the context: summarise or drop old turns and old tool results, and send file excerpts"
                + " rather than whole files"));
    return out;
  }
}
