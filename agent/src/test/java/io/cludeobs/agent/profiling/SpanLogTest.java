package io.cludeobs.agent.profiling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SpanLogTest {

  private static SpanRecord record(SpanLog log, long threadId, long spanId) {
    return new SpanRecord(log, threadId, 100, 11, 12, spanId, 7, "tool", "execute_tool t", "t");
  }

  /** A sink that keeps only the span ids. */
  private static SpanLog.Sink ids(List<Long> out) {
    return (thread, start, end, traceHigh, traceLow, spanId, parent, category, name, tool) -> out.add(spanId);
  }

  @Test
  void drainsEveryFieldOfWhatWasOfferedInOrderPerThread() {
    SpanLog log = new SpanLog(64, () -> {});
    for (long i = 1; i <= 5; i++) {
      assertThat(log.offer(record(log, 3, i), 200 + i)).isTrue();
    }
    List<String> out = new ArrayList<>();
    int n =
        log.drain(
            (thread, start, end, traceHigh, traceLow, spanId, parent, category, name, tool) ->
                out.add(thread + " " + start + " " + end + " " + traceHigh + " " + traceLow + " " + spanId + " " + parent
                    + " " + category + " " + name + " " + tool));
    assertThat(n).isEqualTo(5);
    assertThat(out)
        .containsExactly(
            "3 100 201 11 12 1 7 tool execute_tool t t",
            "3 100 202 11 12 2 7 tool execute_tool t t",
            "3 100 203 11 12 3 7 tool execute_tool t t",
            "3 100 204 11 12 4 7 tool execute_tool t t",
            "3 100 205 11 12 5 7 tool execute_tool t t");
    assertThat(log.drain(ids(new ArrayList<>()))).isZero();
  }

  @Test
  void aFullLogDropsAndCountsThenTakesSpansAgainAfterADrain() {
    SpanLog log = new SpanLog(16, () -> {});
    int capacity = log.capacity();
    for (int i = 0; i < capacity; i++) {
      assertThat(log.offer(record(log, 1, i), 0)).isTrue();
    }
    // one thread may fill every stripe before it is refused
    assertThat(log.offer(record(log, 1, -1), 0)).isFalse();
    assertThat(log.offer(record(log, 2, -2), 0)).isFalse();
    assertThat(log.dropped()).isEqualTo(2);
    List<Long> out = new ArrayList<>();
    assertThat(log.drain(ids(out))).isEqualTo(capacity);
    assertThat(out).hasSize(capacity).doesNotContain(-1L, -2L);
    assertThat(log.offer(record(log, 1, 99), 0)).isTrue();
    assertThat(log.dropped()).isEqualTo(2);
  }

  @Test
  void theProducerThatFillsAQuarterOfAStripeWakesTheDrainer() {
    AtomicInteger wakes = new AtomicInteger();
    SpanLog log = new SpanLog(1024, wakes::incrementAndGet);
    int perStripe = log.capacity() / log.stripeCount();
    for (int i = 0; i < perStripe / 4 - 1; i++) {
      log.offer(record(log, 0, i), 0);
    }
    assertThat(wakes.get()).isZero();
    log.offer(record(log, 0, -1), 0);
    assertThat(wakes.get()).isEqualTo(1);
    for (int i = 0; i < perStripe / 4; i++) {
      log.offer(record(log, 0, i), 0);
    }
    assertThat(wakes.get()).isEqualTo(2);
  }

  @Test
  void concurrentProducersAndADrainerLoseNothingUncounted() throws Exception {
    SpanLog log = new SpanLog(256, () -> {});
    int threads = 4;
    int perThread = 50_000;
    AtomicBoolean done = new AtomicBoolean();
    Set<Long> seen = new HashSet<>();
    int[] duplicates = {0};
    SpanLog.Sink sink = (t, s, e, th, tl, spanId, p, c, n, tool) -> duplicates[0] += seen.add(spanId) ? 0 : 1;
    Thread drainer =
        new Thread(
            () -> {
              while (!done.get()) {
                log.drain(sink);
              }
              log.drain(sink);
            });
    drainer.start();
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long base = (long) t * perThread;
      long threadId = t;
      Thread p =
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  log.offer(record(log, threadId, base + i), i);
                }
              });
      producers.add(p);
      p.start();
    }
    for (Thread p : producers) {
      p.join();
    }
    done.set(true);
    drainer.join();
    assertThat(duplicates[0]).isZero();
    assertThat(seen.size() + log.dropped()).isEqualTo((long) threads * perThread);
  }
}
