package io.cludeobs.agent.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Single calls far outside their name's usual range, by robust z-score (distance from the median in scaled MADs):
 * durations, and input tokens of LLM calls. A call must also be at least twice the median (and a duration 50 ms
 * over it), so that a name with a very tight spread does not report calls that are slower only in relative terms;
 * and outliers must be rare, since many of them are a second mode of the name rather than anomalies.
 */
final class AnomalyDetector {

  static final int MIN_CALLS = 20;
  /** Iglewicz and Hoaglin's cut-off for modified z-scores. */
  static final double Z_LIMIT = 3.5;
  static final double MIN_RATIO_TO_MEDIAN = 2.0;
  /** A call must also be this much slower than the median: milliseconds of jitter are not a bottleneck. */
  static final double MIN_EXCESS_SECONDS = 0.05;
  /** More outliers than this share are a second mode of the name (large files, long prompts), not anomalies. */
  static final double MAX_OUTLIER_SHARE = 0.05;

  private AnomalyDetector() {}

  static List<Finding> find(CallSet set) {
    List<Finding> out = new ArrayList<>();
    for (List<Call> calls : set.byKey.values()) {
      if (calls.size() < MIN_CALLS) {
        continue;
      }
      Call first = calls.get(0);
      double[] seconds = new double[calls.size()];
      for (int i = 0; i < seconds.length; i++) {
        seconds[i] = calls.get(i).seconds();
      }
      Finding d = outliers(first, calls, seconds, "duration", true);
      if (d != null) {
        out.add(d);
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
          Finding t = outliers(first, withTokens, tokens, "input tokens", false);
          if (t != null) {
            out.add(t);
          }
        }
      }
    }
    return out;
  }

  private static Finding outliers(Call first, List<Call> calls, double[] values, String what, boolean isSeconds) {
    double median = RobustStats.median(values);
    double sigma = RobustStats.robustSigma(values, median);
    if (sigma <= 0) {
      return null;
    }
    List<Call> outliers = new ArrayList<>();
    Map<Call, Double> z = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      double score = (values[i] - median) / sigma;
      if (score > Z_LIMIT
          && values[i] >= MIN_RATIO_TO_MEDIAN * median
          && (!isSeconds || values[i] - median >= MIN_EXCESS_SECONDS)) {
        outliers.add(calls.get(i));
        z.put(calls.get(i), score);
      }
    }
    if (outliers.isEmpty() || outliers.size() > MAX_OUTLIER_SHARE * values.length) {
      return null;
    }
    outliers.sort(Comparator.comparingDouble((Call c) -> z.get(c)).reversed());
    Call worst = outliers.get(0);
    double worstValue = isSeconds ? worst.seconds() : worst.inputTokens;
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("calls", String.valueOf(calls.size()));
    evidence.put("anomalous calls", String.valueOf(outliers.size()));
    evidence.put("median " + what, isSeconds ? CallSet.seconds(median) : CallSet.number(median));
    evidence.put("worst " + what, isSeconds ? CallSet.seconds(worstValue) : CallSet.number(worstValue));
    evidence.put("worst robust z", String.format(Locale.ROOT, "%.1f", z.get(worst)));
    return new Finding(
        z.get(worst) > 3 * Z_LIMIT ? Finding.Severity.WARNING : Finding.Severity.INFO,
        "anomaly",
        first.category + " " + first.name + ": " + outliers.size() + " call(s) with unusual " + what + " (worst "
            + evidence.get("worst " + what) + ", median " + evidence.get("median " + what) + ")",
        evidence,
        CallSet.traceIds(outliers, 3),
        isSeconds
            ? "open the example traces: an outlier call usually waited on something (a retry, a lock, a cold"
                + " cache, a rate limit); add a timeout so one slow call cannot stall the task"
            : "an outlier prompt is much larger than usual: look for a whole file or a large tool result pasted"
                + " into the context, and cap what a tool may return");
  }
}
