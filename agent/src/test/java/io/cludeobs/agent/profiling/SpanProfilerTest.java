package io.cludeobs.agent.profiling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpanProfilerTest {

  @Test
  void idsGoToNumbersAndBackUnchanged() {
    String[] ids = {
      "0000000000000000", "0000000000000001", "00f067aa0ba902b7", "7fffffffffffffff", "8000000000000000",
      "ffffffffffffffff", "4bf92f3577b34da6"
    };
    for (String id : ids) {
      assertThat(SpanProfiler.hex(SpanProfiler.hexLong(id, 0))).isEqualTo(id);
    }
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    assertThat(SpanProfiler.hex(SpanProfiler.hexLong(traceId, 0)) + SpanProfiler.hex(SpanProfiler.hexLong(traceId, 16)))
        .isEqualTo(traceId);
    assertThat(SpanProfiler.hexLong("ffffffffffffffff", 0)).isEqualTo(-1L);
    assertThat(SpanProfiler.hexLong("00f067aa0ba902b7", 0)).isEqualTo(0x00f067aa0ba902b7L);
  }
}
