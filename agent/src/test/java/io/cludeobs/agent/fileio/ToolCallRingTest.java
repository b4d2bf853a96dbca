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
  void whatAThreadOffersComesOutOnceInItsOrderAndAFullStripeRefuses() {
    ToolCallRing ring = new ToolCallRing(64);
    int perStripe = ring.capacity() / stripes(ring);
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < perStripe; i++) {
      assertThat(ring.offer(i, "t" + i, SpanContext.getInvalid(), i * 10L, i % 2 == 0 ? null : "E")).isTrue();
    }
    // one thread uses one stripe: it is full now
    assertThat(ring.offer(99, "over", SpanContext.getInvalid(), 0, null)).isFalse();

    assertThat(ring.drain((end, name, ctx, duration, error) -> seen.add(end + " " + name + " " + duration + " " + error)))
        .isEqualTo(perStripe);
    assertThat(seen).hasSize(perStripe);
    assertThat(seen.get(0)).isEqualTo("0 t0 0 null");
    assertThat(seen.get(perStripe - 1)).isEqualTo((perStripe - 1) + " t" + (perStripe - 1) + " " + (perStripe - 1) * 10 + " E");
    // drained slots are free again, and nothing comes out twice
    assertThat(ring.drain((end, name, ctx, duration, error) -> seen.add("again"))).isZero();
    assertThat(ring.offer(100, "after", SpanContext.getInvalid(), 0, null)).isTrue();
    assertThat(ring.drain((end, name, ctx, duration, error) -> seen.add(name))).isEqualTo(1);
    assertThat(seen).endsWith("after");
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
    Map<String, Long> nextExpected = new HashMap<>();
    long[] taken = {0};
    boolean[] ordered = {true};
    go.countDown();
    while (taken[0] < (long) threads * each) {
      ring.drain(
          (end, name, ctx, duration, error) -> {
            long expected = nextExpected.getOrDefault(name, 0L);
            if (end != expected || duration != expected) {
              ordered[0] = false;
            }
            nextExpected.put(name, expected + 1);
            taken[0]++;
          });
    }
    for (Thread p : producers) {
      p.join();
    }
    assertThat(accepted.get()).isEqualTo((long) threads * each);
    assertThat(ordered[0]).as("each producer's calls come out complete and in order").isTrue();
    assertThat(nextExpected).hasSize(threads).allSatisfy((name, next) -> assertThat(next).isEqualTo(each));
    assertThat(ring.drain((end, name, ctx, duration, error) -> taken[0]++)).isZero();
  }

  private static int stripes(ToolCallRing ring) {
    // stripes hold equal shares; a single thread fills exactly one
    int n = 0;
    while (ring.offer(0, "probe", SpanContext.getInvalid(), 0, null)) {
      n++;
    }
    ring.drain((end, name, ctx, duration, error) -> {});
    return ring.capacity() / n;
  }
}
