package io.cludeobs.agent.fileio;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ToolCallRingTest {

  @Test
  void oneThreadCanFillTheWholeRingAndEachCallComesOutOnce() {
    ToolCallRing ring = new ToolCallRing(64);
    int capacity = ring.capacity();
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < capacity; i++) {
      assertThat(ring.offer(i, "t" + i, SpanContext.getInvalid(), i * 10L, i % 2 == 0 ? null : "E")).isTrue();
    }
    // its own stripe filled first, then the others: now every stripe is full
    assertThat(ring.offer(99, "over", SpanContext.getInvalid(), 0, null)).isFalse();

    assertThat(ring.drain((end, name, ctx, duration, error) -> seen.add(end + " " + name + " " + duration + " " + error)))
        .isEqualTo(capacity);
    assertThat(seen).hasSize(capacity).doesNotHaveDuplicates();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < capacity; i++) {
      expected.add(i + " t" + i + " " + i * 10L + " " + (i % 2 == 0 ? null : "E"));
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
    // drained slots are free again, and nothing comes out twice
    assertThat(ring.drain((end, name, ctx, duration, error) -> seen.add("again"))).isZero();
    assertThat(ring.offer(100, "after", SpanContext.getInvalid(), 0, null)).isTrue();
    assertThat(ring.drain((end, name, ctx, duration, error) -> seen.add(name))).isEqualTo(1);
    assertThat(seen).endsWith("after");
  }

  @Test
  void theProducerThatFillsAQuarterOfAStripeWakesTheWriter() {
    AtomicLong wakes = new AtomicLong();
    ToolCallRing ring = new ToolCallRing(64, wakes::incrementAndGet);
    int perStripe = ring.capacity() / ring.stripeCount();
    assertThat(perStripe).isGreaterThanOrEqualTo(4);
    for (int i = 0; i < perStripe / 4 - 1; i++) {
      ring.offer(i, "t", SpanContext.getInvalid(), 0, null);
    }
    assertThat(wakes.get()).isZero();
    ring.offer(0, "t", SpanContext.getInvalid(), 0, null);
    assertThat(wakes.get()).isEqualTo(1);
    for (int i = perStripe / 4; i < ring.capacity(); i++) {
      ring.offer(i, "t", SpanContext.getInvalid(), 0, null);
    }
    // every stripe filled to each of its four quarters once
    assertThat(wakes.get()).isEqualTo(4L * ring.stripeCount());
    ring.drain((end, name, ctx, duration, error) -> {});
    ring.offer(0, "t", SpanContext.getInvalid(), 0, null);
    assertThat(wakes.get()).isEqualTo(4L * ring.stripeCount());
  }

  @Test
  void concurrentProducersLoseNothingTheyWereToldWasTaken() throws Exception {
    ToolCallRing ring = new ToolCallRing(256);
    int threads = 4;
    int each = 50_000;
    AtomicLong accepted = new AtomicLong();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String name = "p" + t;
      Thread p =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < each; i++) {
                  while (!ring.offer(i, name, SpanContext.getInvalid(), i, null)) {
                    Thread.onSpinWait();
                  }
                  accepted.incrementAndGet();
                }
              });
      p.start();
      producers.add(p);
    }
    Map<String, boolean[]> seen = new HashMap<>();
    long[] taken = {0};
    boolean[] twice = {false};
    go.countDown();
    while (taken[0] < (long) threads * each) {
      ring.drain(
          (end, name, ctx, duration, error) -> {
            boolean[] got = seen.computeIfAbsent(name, k -> new boolean[each]);
            // a full stripe sends a producer to the next one, so order across stripes is the writer's to restore
            if (got[(int) end] || duration != end) {
              twice[0] = true;
            }
            got[(int) end] = true;
            taken[0]++;
          });
    }
    for (Thread p : producers) {
      p.join();
    }
    assertThat(accepted.get()).isEqualTo((long) threads * each);
    assertThat(twice[0]).as("no call comes out twice or torn").isFalse();
    assertThat(seen).hasSize(threads);
    for (boolean[] got : seen.values()) {
      for (boolean b : got) {
        assertThat(b).isTrue();
      }
    }
    assertThat(ring.drain((end, name, ctx, duration, error) -> taken[0]++)).isZero();
  }

}
