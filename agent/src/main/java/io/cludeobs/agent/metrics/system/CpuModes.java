package io.cludeobs.agent.metrics.system;

/**
 * Turns two readings of OSHI's cumulative CPU ticks into the share of time spent in each {@code
 * cpu.mode} in between.
 */
final class CpuModes {

  /** {@code cpu.mode} values, in the order {@link #utilization} returns them. */
  static final String[] MODES = {"user", "nice", "system", "idle", "iowait", "interrupt", "steal"};

  // OSHI's TickType order: USER, NICE, SYSTEM, IDLE, IOWAIT, IRQ, SOFTIRQ, STEAL
  private static final int[][] TICKS_PER_MODE = {{0}, {1}, {2}, {3}, {4}, {5, 6}, {7}};

  private CpuModes() {}

  /** Shares in [0, 1] per mode, summing to 1; all zero when no tick passed. */
  static double[] utilization(long[] before, long[] after) {
    double[] share = new double[MODES.length];
    long total = 0;
    long[] delta = new long[MODES.length];
    for (int mode = 0; mode < MODES.length; mode++) {
      for (int tick : TICKS_PER_MODE[mode]) {
        // a counter that went backwards (CPU hot-unplug) counts as no time
        delta[mode] += Math.max(0, after[tick] - before[tick]);
      }
      total += delta[mode];
    }
    if (total == 0) {
      return share;
    }
    for (int mode = 0; mode < MODES.length; mode++) {
      share[mode] = (double) delta[mode] / total;
    }
    return share;
  }
}
