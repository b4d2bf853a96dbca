package io.cludeobs.agent.metrics.aggregate;

import java.time.Duration;

/** The window sizes reports use; windows start at multiples of their size since the epoch (UTC). */
public enum TimeWindow {
  ONE_MINUTE(Duration.ofMinutes(1)),
  FIVE_MINUTES(Duration.ofMinutes(5)),
  ONE_HOUR(Duration.ofHours(1));

  private final Duration size;

  TimeWindow(Duration size) {
    this.size = size;
  }

  public Duration size() {
    return size;
  }

  /** The start of the window holding {@code timeNanos}. */
  long startOf(long timeNanos) {
    long n = size.toNanos();
    return Math.floorDiv(timeNanos, n) * n;
  }
}
