package io.cludeobs.agent.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rising latency, error rate or input tokens per call over time, per name. A name's calls in time order are cut
 * into equal-count windows; the window values must rise by the Mann-Kendall test at {@link #MAX_P} and by Sen's
 * slope at least by a practical amount, so that noise and tiny drifts are not reported.
 */
final class TrendAnalyser {

  static final int MIN_CALLS = 30;
  static final int MAX_WINDOWS = 20;
  static final double MAX_P = 0.01;
  /** Latency and tokens must rise by half their starting level over the range. */
  static final double MIN_RELATIVE_RISE = 0.5;
  /** An error rate must rise by 20 percentage points over the range. */
  static final double MIN_ERROR_RATE_RISE = 0.2;

  private TrendAnalyser() {}

  static List<Finding> find(CallSet set) {
    List<Finding> out = new ArrayList<>();
    for (List<Call> calls : set.byKey.values()) {
      if (calls.size() < MIN_CALLS) {
        continue;
      }
      Call first = calls.get(0);
      double[] seconds = new double[calls.size()];
      double[] errors = new double[calls.size()];
      for (int i = 0; i < calls.size(); i++) {
        seconds[i] = calls.get(i).seconds();
        errors[i] = calls.get(i).error ? 1 : 0;
      }
      Finding latency = relative(first, calls, seconds, "latency", true);
      if (latency != null) {
        out.add(latency);
      }
      Finding errorRate = errorRate(first, calls, errors);
      if (errorRate != null) {
        out.add(errorRate);
      }
      if ("llm".equals(first.category)) {
        List<Call> withTokens = new ArrayList<>();
        for (Call c : calls) {
          if (c.inputTokens >= 0) {
            withTokens.add(c);
          }
        }
        if (withTokens.size() >= MIN_CALLS) {
          double[] tokens = new double[withTokens.size()];
          for (int i = 0; i < tokens.length; i++) {
            tokens[i] = withTokens.get(i).inputTokens;
          }
          Finding t = relative(first, withTokens, tokens, "input tokens per call", false);
          if (t != null) {
            out.add(t);
          }
        }
      }
    }
    return out;
  }

  static int windows(int n) {
    return Math.min(MAX_WINDOWS, n / 3);
  }

  private static Finding relative(Call first, List<Call> calls, double[] series, String what, boolean isSeconds) {
    int w = windows(series.length);
    double[] windowed = RobustStats.windowMedians(series, w);
    double p = RobustStats.mannKendallP(windowed);
    double slope = RobustStats.senSlope(windowed);
    double start = windowed[0];
    double end = windowed[w - 1];
    double rise = slope * (w - 1);
    if (p >= MAX_P || slope <= 0 || start <= 0 && end <= 0 || rise < MIN_RELATIVE_RISE * Math.max(start, 1e-9)) {
      return null;
    }
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("calls", String.valueOf(calls.size()));
    evidence.put("windows", String.valueOf(w));
    evidence.put("first window median", isSeconds ? CallSet.seconds(start) : CallSet.number(start));
    evidence.put("last window median", isSeconds ? CallSet.seconds(end) : CallSet.number(end));
    evidence.put("slope per window", isSeconds ? CallSet.seconds(slope) : CallSet.number(slope));
    evidence.put("Mann-Kendall p", String.format(Locale.ROOT, "%.2g", p));
    String suggestion =
        isSeconds
            ? "latency of " + first.name + " is climbing: look for a growing input (context, file, result size)"
                + " or a resource filling up; compare an early and a late trace's flame graph"
            : "input tokens per call of " + first.name + " keep growing: trim or summarise the conversation"
                + " history, drop old tool results, and keep large files out of the prompt";
    return new Finding(
        rise > 2 * Math.max(start, 1e-9) ? Finding.Severity.CRITICAL : Finding.Severity.WARNING,
        "trend",
        first.category + " " + first.name + ": " + what + " rising from " + evidence.get("first window median")
            + " to " + evidence.get("last window median"),
        evidence,
        CallSet.traceIds(reversed(calls), 3),
        suggestion);
  }

  private static Finding errorRate(Call first, List<Call> calls, double[] errors) {
    int w = windows(errors.length);
    double[] rates = RobustStats.windowMeans(errors, w);
    double p = RobustStats.mannKendallP(rates);
    double slope = RobustStats.senSlope(rates);
    double start = rates[0];
    double end = rates[w - 1];
    if (p >= MAX_P || slope <= 0 || end - start < MIN_ERROR_RATE_RISE) {
      return null;
    }
    List<Call> failed = new ArrayList<>();
    for (Call c : reversed(calls)) {
      if (c.error) {
        failed.add(c);
      }
    }
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("calls", String.valueOf(calls.size()));
    evidence.put("windows", String.valueOf(w));
    evidence.put("first window error rate", CallSet.percent(start));
    evidence.put("last window error rate", CallSet.percent(end));
    evidence.put("Mann-Kendall p", String.format(Locale.ROOT, "%.2g", p));
    return new Finding(
        end >= 0.5 ? Finding.Severity.CRITICAL : Finding.Severity.WARNING,
        "trend",
        first.category + " " + first.name + ": error rate rising from " + CallSet.percent(start) + " to "
            + CallSet.percent(end),
        evidence,
        CallSet.traceIds(failed, 3),
        first.name + " fails more and more: check what changed underneath it (a service, a quota, a file it"
            + " needs), and add a retry with backoff or a fallback the agent can use");
  }

  private static List<Call> reversed(List<Call> calls) {
    List<Call> r = new ArrayList<>(calls);
    java.util.Collections.reverse(r);
    return r;
  }
}
