package io.cludeobs.agent.profiling;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Ended sampled spans on their way from the application's threads to the profiler thread, which writes them next to
 * the JFR chunk (see {@link SpanFile}). Fixed arrays per stripe, threads spread over the stripes by thread id: a
 * producer claims a slot with one compare-and-set, copies the span's numbers and names into it and publishes it
 * with a release store; it allocates nothing and never waits. When every stripe is full the span is dropped and
 * counted. The producer whose claim fills a stripe to a quarter, a half, three quarters or all of it runs {@code
 * wake}, so that the profiler thread drains a busy log early and otherwise every few seconds.
 *
 * <p>This replaced one JFR event per span: committed among an agent app's other work (a few hundred a second), each
 * event cost 2 to 5 microseconds of cache and TLB misses in JFR's code, about a third of the profiler's CPU on the
 * benchmark workload. The draining thread reads these arrays in order, not objects spread over the heap.
 */
final class SpanLog {

  /** What the drain hands over for each span; clock times are {@link System#nanoTime()}. */
  interface Sink {
    void span(
        long threadId,
        long startNanos,
        long endNanos,
        long traceIdHigh,
        long traceIdLow,
        long spanId,
        long parentSpanId,
        String category,
        String spanName,
        String toolName);
  }

  private static final int LONGS = 7;

  private final Stripe[] stripes;
  private final int stripeMask;
  private final AtomicLong dropped = new AtomicLong();

  /**
   * @param capacity spans in all stripes together, rounded so that each stripe holds a power of two
   * @param wake run by a producer whose span fills its stripe to the next quarter
   */
  SpanLog(int capacity, Runnable wake) {
    int count = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 2 - 1) << 1;
    count = Math.min(count, 16);
    int perStripe = Integer.highestOneBit(Math.max(4, capacity / count));
    stripes = new Stripe[count];
    for (int i = 0; i < count; i++) {
      stripes[i] = new Stripe(perStripe, wake);
    }
    stripeMask = count - 1;
  }

  /** Spans in all stripes together. */
  int capacity() {
    return stripes.length * stripes[0].names.length;
  }

  /** How many stripes the slots are split into. */
  int stripeCount() {
    return stripes.length;
  }

  /** Queues one span that ended at {@code endNanos}; false, and counted as dropped, when every stripe is full. */
  boolean offer(SpanRecord r, long endNanos) {
    int home = (int) r.threadId;
    for (int i = 0; i <= stripeMask; i++) {
      if (stripes[(home + i) & stripeMask].offer(r, endNanos)) {
        return true;
      }
    }
    dropped.incrementAndGet();
    return false;
  }

  /** Hands every published span to {@code sink}, stripe by stripe; one draining thread at a time. */
  int drain(Sink sink) {
    int n = 0;
    for (Stripe s : stripes) {
      n += s.drain(sink);
    }
    return n;
  }

  /** Spans dropped so far because the log was full. */
  long dropped() {
    return dropped.get();
  }

  private static final class Stripe {
    private final int mask;
    private final int quarterMask;
    private final Runnable wake;
    /** Per slot: thread id, start, end, trace id high and low, span id, parent span id. */
    private final long[] numbers;
    private final String[] categories;
    private final String[] names;
    private final String[] tools;
    /** Per slot, the claim number + 1 once its fields are written; the drain's signal that the slot is ready. */
    private final AtomicLongArray published;
    private final AtomicLong claimed = new AtomicLong();
    /** Slots consumed so far; written by the draining thread only, after it has read them. */
    private final AtomicLong consumed = new AtomicLong();

    Stripe(int size, Runnable wake) {
      mask = size - 1;
      quarterMask = Math.max(1, size / 4) - 1;
      this.wake = wake;
      numbers = new long[size * LONGS];
      categories = new String[size];
      names = new String[size];
      tools = new String[size];
      published = new AtomicLongArray(size);
    }

    boolean offer(SpanRecord r, long endNanos) {
      long claim;
      do {
        claim = claimed.get();
        if (claim - consumed.get() > mask) {
          return false;
        }
      } while (!claimed.compareAndSet(claim, claim + 1));
      int slot = (int) claim & mask;
      int at = slot * LONGS;
      numbers[at] = r.threadId;
      numbers[at + 1] = r.startNanos;
      numbers[at + 2] = endNanos;
      numbers[at + 3] = r.traceIdHigh;
      numbers[at + 4] = r.traceIdLow;
      numbers[at + 5] = r.spanId;
      numbers[at + 6] = r.parentSpanId;
      categories[slot] = r.category;
      names[slot] = r.spanName;
      tools[slot] = r.toolName;
      // the release store orders the plain writes above before the drain's acquire read of this slot
      published.lazySet(slot, claim + 1);
      if ((claim & quarterMask) == quarterMask) {
        wake.run();
      }
      return true;
    }

    int drain(Sink sink) {
      long next = consumed.get();
      int n = 0;
      while (true) {
        int slot = (int) next & mask;
        if (published.get(slot) != next + 1) {
          // not claimed yet, or claimed and still being written: the rest waits for the next drain
          break;
        }
        int at = slot * LONGS;
        sink.span(
            numbers[at], numbers[at + 1], numbers[at + 2], numbers[at + 3], numbers[at + 4], numbers[at + 5],
            numbers[at + 6], categories[slot], names[slot], tools[slot]);
        // the names stay referenced until the slot is reused, at most the log's capacity of them
        next++;
        n++;
      }
      if (n > 0) {
        // frees the slots for producers only after they have been read
        consumed.lazySet(next);
      }
      return n;
    }
  }
}
