package io.cludeobs.agent.metrics.aggregate;

import java.util.Map;

/** The statistics of one series (metric, process, attributes) in one time window. */
public final class WindowedSeries {

  private final String name;
  private final String source;
  private final Map<String, String> attributes;
  private final long windowStartNanos;
  private final Statistics statistics;

  WindowedSeries(String name, String source, Map<String, String> attributes, long windowStartNanos, Statistics statistics) {
    this.name = name;
    this.source = source;
    this.attributes = attributes;
    this.windowStartNanos = windowStartNanos;
    this.statistics = statistics;
  }

  public String name() {
    return name;
  }

  public String source() {
    return source;
  }

  public Map<String, String> attributes() {
    return attributes;
  }

  public long windowStartNanos() {
    return windowStartNanos;
  }

  public Statistics statistics() {
    return statistics;
  }

  @Override
  public String toString() {
    return name + attributes + "@" + windowStartNanos + " " + statistics;
  }
}
