package io.cludeobs.agent.metrics.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuModesTest {

  @Test
  void sharesOfTheTicksThatPassedPerMode() {
    // USER, NICE, SYSTEM, IDLE, IOWAIT, IRQ, SOFTIRQ, STEAL
    long[] before = {100, 0, 50, 1000, 0, 0, 0, 0};
    long[] after = {150, 0, 75, 1100, 10, 5, 10, 0};

    double[] shares = CpuModes.utilization(before, after);

    assertThat(CpuModes.MODES).containsExactly("user", "nice", "system", "idle", "iowait", "interrupt", "steal");
    assertThat(shares).containsExactly(0.25, 0.0, 0.125, 0.5, 0.05, 0.075, 0.0);
  }

  @Test
  void noTicksGiveZerosAndBackwardCountersCountAsNoTime() {
    long[] t = {5, 5, 5, 5, 5, 5, 5, 5};
    assertThat(CpuModes.utilization(t, t)).containsOnly(0.0);

    long[] later = {4, 5, 5, 15, 5, 5, 5, 5};
    assertThat(CpuModes.utilization(t, later)).containsExactly(0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0);
  }
}
