package io.cludeobs.agent.analysis;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Latency limits for the threshold detector, per category with optional overrides per name: {@code tool=10s},
 * {@code tool:grep=2s}. The 95th percentile of a name's calls is compared with its limit.
 */
public final class Thresholds {

  private final Map<String, Duration> limits;

  private Thresholds(Map<String, Duration> limits) {
    this.limits = limits;
  }

  /** Tasks 5 min, LLM calls 30 s, tool calls 10 s, other spans 5 s, file operations 1 s. */
  public static Thresholds defaults() {
    Map<String, Duration> m = new HashMap<>();
    m.put("task", Duration.ofMinutes(5));
    m.put("llm", Duration.ofSeconds(30));
    m.put("tool", Duration.ofSeconds(10));
    m.put("span", Duration.ofSeconds(5));
    m.put("file", Duration.ofSeconds(1));
    return new Thresholds(m);
  }

  /** These limits with one more: {@code category} alone, or {@code category:name} for one name. */
  public Thresholds with(String target, Duration limit) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(limit, "limit");
    Map<String, Duration> m = new HashMap<>(limits);
    m.put(target, limit);
    return new Thresholds(m);
  }

  /** The limit for one name of a category: its own, else the category's; null when neither is set. */
  public Duration limit(String category, String name) {
    Duration own = limits.get(category + ":" + name);
    return own != null ? own : limits.get(category);
  }

  /** Every limit, keyed {@code category} or {@code category:name}. */
  public Map<String, Duration> limits() {
    return Collections.unmodifiableMap(limits);
  }
}
