package io.cludeobs.agent.fileio;

import io.opentelemetry.api.trace.SpanContext;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Finished tool calls on their way to the audit writer: fixed arrays, written by application threads
 * and read by the one writer thread. An application thread claims a slot with one compare-and-set,
 * fills it and publishes it; it allocates nothing and never waits. Threads are spread over a few
 * stripes by thread id so that two busy threads rarely share a claim counter; a thread whose stripe
 * is full uses the next. A full ring refuses the call, and the caller counts the drop. The thread whose
 * claim fills a stripe to the next quarter wakes the writer, so that the writer can sleep long when
 * little happens and still never let a busy stripe run full.
 */
final class ToolCallRing {

  /** What the writer is given for each published slot. */
  interface Sink {
    void toolCall(long endNanos, String toolName, SpanContext context, long durationNanos, String errorType);
  }

  private final Stripe[] stripes;
  private final int stripeMask;

  /** A ring whose producers never wake anyone: the writer polls. */
  ToolCallRing(int capacity) {
    this(capacity, () -> {});
  }

  /**
   * @param capacity slots in all stripes together, rounded so each stripe holds a power of two
   * @param wake run by the producer whose call fills a stripe to a quarter, a half, three quarters or all of it
   */
  ToolCallRing(int capacity, Runnable wake) {
    int count = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 2 - 1) << 1;
    count = Math.min(count, 16);
    int perStripe = Integer.highestOneBit(Math.max(2, capacity / count));
    stripes = new Stripe[count];
    for (int i = 0; i < count; i++) {
      stripes[i] = new Stripe(perStripe, wake);
    }
    stripeMask = count - 1;
  }

  /** How many stripes the slots are split into. */
  int stripeCount() {
    return stripes.length;
  }

  /** Slots in all stripes together. */
  int capacity() {
    return stripes.length * stripes[0].names.length;
  }

  /**
   * Queues one call from the application's thread, in its own stripe or, when that is full, the next one with
   * room, so that one busy thread can use the whole ring; false, and nothing queued, when every stripe is full.
   */
  boolean offer(long endNanos, String toolName, SpanContext context, long durationNanos, String errorType) {
    int home = (int) Thread.currentThread().getId();
    for (int i = 0; i <= stripeMask; i++) {
      if (stripes[(home + i) & stripeMask].offer(endNanos, toolName, context, durationNanos, errorType)) {
        return true;
      }
    }
    return false;
  }

  /** Hands every published call to {@code sink}, stripe by stripe; writer thread only. Returns how many. */
  int drain(Sink sink) {
    int n = 0;
    for (Stripe s : stripes) {
      n += s.drain(sink);
    }
    return n;
  }

  private static final class Stripe {
    private final int mask;
    /** A claim with all of these bits set is the last slot of a quarter of the stripe. */
    private final int quarterMask;
    private final Runnable wake;
    private final String[] names;
    private final SpanContext[] contexts;
    private final String[] errors;
    private final long[] ends;
    private final long[] durations;
    /** Per slot, the claim number + 1 once its fields are written; the writer's signal that the slot is ready. */
    private final AtomicLongArray published;
    private final AtomicLong claimed = new AtomicLong();
    /** Slots consumed so far; written by the writer only, once per drain. */
    private final AtomicLong consumed = new AtomicLong();
    /**
     * A claim below this is known to have room: producers read {@link #consumed}, a line the writer
     * dirties, only when they reach it, not on every call.
     */
    private volatile long limit;

    Stripe(int size, Runnable wake) {
      mask = size - 1;
      quarterMask = Math.max(1, size / 4) - 1;
      this.wake = wake;
      names = new String[size];
      contexts = new SpanContext[size];
      errors = new String[size];
      ends = new long[size];
      durations = new long[size];
      published = new AtomicLongArray(size);
    }

    boolean offer(long endNanos, String toolName, SpanContext context, long durationNanos, String errorType) {
      long claim;
      do {
        claim = claimed.get();
        if (claim - limit >= 0) {
          long room = consumed.get() + mask + 1;
          if (claim - room >= 0) {
            return false;
          }
          limit = room;
        }
      } while (!claimed.compareAndSet(claim, claim + 1));
      int slot = (int) claim & mask;
      names[slot] = toolName;
      contexts[slot] = context;
      errors[slot] = errorType;
      ends[slot] = endNanos;
      durations[slot] = durationNanos;
      // the release store orders the plain writes above before the writer's acquire read of this slot
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
        String name = names[slot];
        SpanContext context = contexts[slot];
        String error = errors[slot];
        long end = ends[slot];
        long duration = durations[slot];
        names[slot] = null;
        contexts[slot] = null;
        errors[slot] = null;
        next++;
        n++;
        sink.toolCall(end, name, context, duration, error);
      }
      if (n > 0) {
        // frees the slots for producers only after they have been read
        consumed.lazySet(next);
      }
      return n;
    }
  }
}
