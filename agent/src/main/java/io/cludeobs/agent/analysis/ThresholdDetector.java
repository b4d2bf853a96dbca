package io.cludeobs.agent.analysis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names whose 95th-percentile latency is over their limit, and names failing more often than {@link
 * #MAX_ERROR_RATE} of the time.
 */
final class ThresholdDetector {

  static final double MAX_ERROR_RATE = 0.2;
  /** Fewer calls say little about an error rate. */
  static final int MIN_CALLS_FOR_ERROR_RATE = 5;

  private ThresholdDetector() {}

  static List<Finding> find(CallSet set, Thresholds thresholds) {
    List<Finding> out = new ArrayList<>();
    for (List<Call> calls : set.byKey.values()) {
      Call first = calls.get(0);
      latency(first, calls, thresholds.limit(first.category, first.name), out);
      errors(first, calls, out);
    }
    return out;
  }

  private static void latency(Call first, List<Call> calls, Duration limit, List<Finding> out) {
    if (limit == null) {
      return;
    }
    double[] seconds = new double[calls.size()];
    for (int i = 0; i < seconds.length; i++) {
      seconds[i] = calls.get(i).seconds();
    }
    double p95 = RobustStats.quantile(seconds, 0.95);
    double limitSeconds = limit.toNanos() / 1e9;
    if (p95 <= limitSeconds) {
      return;
    }
    List<Call> slowest = new ArrayList<>(calls);
    slowest.sort(Comparator.comparingDouble(Call::seconds).reversed());
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("calls", String.valueOf(calls.size()));
    evidence.put("p50", CallSet.seconds(RobustStats.median(seconds)));
    evidence.put("p95", CallSet.seconds(p95));
    evidence.put("max", CallSet.seconds(slowest.get(0).seconds()));
    evidence.put("limit", CallSet.seconds(limitSeconds));
    out.add(
        new Finding(
            p95 > 3 * limitSeconds ? Finding.Severity.CRITICAL : Finding.Severity.WARNING,
            "threshold",
            first.category + " " + first.name + " is slow: p95 " + CallSet.seconds(p95) + " over the limit of "
                + CallSet.seconds(limitSeconds),
            evidence,
            CallSet.traceIds(slowest, 3),
            suggestion(first.category)));
  }

  private static void errors(Call first, List<Call> calls, List<Finding> out) {
    if (calls.size() < MIN_CALLS_FOR_ERROR_RATE) {
      return;
    }
    List<Call> failed = new ArrayList<>();
    for (Call c : calls) {
      if (c.error) {
        failed.add(c);
      }
    }
    double rate = (double) failed.size() / calls.size();
    if (rate <= MAX_ERROR_RATE) {
      return;
    }
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("calls", String.valueOf(calls.size()));
    evidence.put("errors", String.valueOf(failed.size()));
    evidence.put("error rate", CallSet.percent(rate));
    evidence.put("limit", CallSet.percent(MAX_ERROR_RATE));
    out.add(
        new Finding(
            rate > 0.5 ? Finding.Severity.CRITICAL : Finding.Severity.WARNING,
            "threshold",
            first.category + " " + first.name + " fails " + CallSet.percent(rate) + " of the time",
            evidence,
            CallSet.traceIds(failed, 3),
            "look at the exceptions on the failed spans of " + first.name
                + "; validate its arguments before calling it and give the model the error text so it can retry"
                + " with a fix instead of repeating the same call"));
  }

  static String suggestion(String category) {
    switch (category) {
      case "llm":
        return "stream the response, use a smaller or faster model for simple steps, cap max output tokens,"
            + " and cache repeated prompts";
      case "tool":
        return "profile the tool (its flame graph shows where the time goes), cache its results for repeated"
            + " arguments, or give it a timeout";
      case "task":
        return "look at the slowest traces' waterfalls: cut LLM round trips, run independent tool calls in"
            + " parallel, and stop the loop earlier";
      case "file":
        return "read the file once and keep it in memory, or read only the part the step needs";
      default:
        return "look at the slowest traces' waterfalls to see which child call takes the time";
    }
  }
}
