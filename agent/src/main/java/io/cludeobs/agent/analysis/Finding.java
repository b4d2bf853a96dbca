package io.cludeobs.agent.analysis;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One bottleneck the detector found: how bad, what it is, the numbers behind it, example traces,
 * and a concrete suggestion in the agent's terms.
 */
public final class Finding {

  /** How urgent a finding is. */
  public enum Severity {
    INFO,
    WARNING,
    CRITICAL
  }

  private final Severity severity;
  private final String detector;
  private final String title;
  private final Map<String, String> evidence;
  private final List<String> exampleTraceIds;
  private final String suggestion;

  public Finding(
      Severity severity,
      String detector,
      String title,
      Map<String, String> evidence,
      List<String> exampleTraceIds,
      String suggestion) {
    this.severity = Objects.requireNonNull(severity, "severity");
    this.detector = Objects.requireNonNull(detector, "detector");
    this.title = Objects.requireNonNull(title, "title");
    this.evidence = Collections.unmodifiableMap(Objects.requireNonNull(evidence, "evidence"));
    this.exampleTraceIds = Collections.unmodifiableList(Objects.requireNonNull(exampleTraceIds, "exampleTraceIds"));
    this.suggestion = Objects.requireNonNull(suggestion, "suggestion");
  }

  public Severity severity() {
    return severity;
  }

  /** Which detector found it: {@code threshold}, {@code trend}, {@code anomaly} or a pattern name. */
  public String detector() {
    return detector;
  }

  public String title() {
    return title;
  }

  /** The numbers behind the finding, in display order (name to formatted value). */
  public Map<String, String> evidence() {
    return evidence;
  }

  public List<String> exampleTraceIds() {
    return exampleTraceIds;
  }

  public String suggestion() {
    return suggestion;
  }

  @Override
  public String toString() {
    return severity + " " + detector + ": " + title;
  }
}
