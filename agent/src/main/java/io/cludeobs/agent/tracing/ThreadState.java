package io.cludeobs.agent.tracing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-thread bookkeeping of woven calls in progress: which method ids are active (so a method that
 * recurses into itself gets one span) and how deep we are inside an unsampled trace (so its
 * children neither record nor start traces of their own). Allocated once per thread.
 */
public final class ThreadState {

  private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);

  /**
   * Every thread that ever made a woven call, while it lives: the in-flight gauge counts their
   * active calls at collection time instead of the hot path keeping shared counters.
   */
  private static final Set<Reference<ThreadState>> LIVE = ConcurrentHashMap.newKeySet();

  private static final ReferenceQueue<ThreadState> GONE = new ReferenceQueue<>();

  /** Release stores of {@link #depth}: a plain store on x86, and the gauge's reads see whole pushes. */
  private static final VarHandle DEPTH;

  static {
    try {
      DEPTH = MethodHandles.lookup().findVarHandle(ThreadState.class, "depth", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private int[] active = new int[16];
  /** {@link System#nanoTime()} at entry of each active call that is timed here, else 0. */
  private long[] starts = new long[16];
  private int depth;
  private boolean registered;
  /** Woven calls in progress on this thread that belong to an unsampled trace. */
  int unsampledDepth;
  /** Woven tool calls in progress on this thread, sampled or not. */
  int toolDepth;
  /** Executor calls in progress on this thread that already carry the context to the task. */
  private int handOffDepth;
  /** The queue this thread last took traced work from that no wrapper carried; null if none. */
  private Object lostVia;

  ThreadState() {}

  /** The state of the calling thread. */
  public static ThreadState current() {
    return STATE.get();
  }

  /** Whether this thread is inside an unsampled trace (a carried one counts). */
  public boolean inUnsampledTrace() {
    return unsampledDepth > 0;
  }

  /** Enters an unsampled trace carried from another thread; paired with {@link #leaveUnsampled()}. */
  public void enterUnsampled() {
    unsampledDepth++;
  }

  public void leaveUnsampled() {
    if (unsampledDepth > 0) {
      unsampledDepth--;
    }
  }

  public boolean inHandOff() {
    return handOffDepth > 0;
  }

  public void beginHandOff() {
    handOffDepth++;
  }

  public void endHandOff() {
    if (handOffDepth > 0) {
      handOffDepth--;
    }
  }

  /**
   * Clears the hand-off mark while a carried task runs inline (a caller-runs policy, a join that
   * helps), so the task's own hand-offs are carried; returns what {@link #resumeHandOff} restores.
   */
  public int suspendHandOff() {
    int was = handOffDepth;
    handOffDepth = 0;
    return was;
  }

  public void resumeHandOff(int depth) {
    handOffDepth = depth;
  }

  /** This thread took work from {@code via} that a traced thread queued: see {@link #takeLostVia()}. */
  public void lostHandOff(Object via) {
    lostVia = via;
  }

  /** The queue of a lost hand-off this thread is running work from, once; null if none. */
  Object takeLostVia() {
    Object via = lostVia;
    lostVia = null;
    return via;
  }

  boolean isActive(int methodId) {
    for (int i = depth - 1; i >= 0; i--) {
      if (active[i] == methodId) {
        return true;
      }
    }
    return false;
  }

  void push(int methodId) {
    if (!registered) {
      register();
    }
    if (depth == active.length) {
      int[] grown = new int[active.length * 2];
      System.arraycopy(active, 0, grown, 0, depth);
      long[] grownStarts = new long[grown.length];
      System.arraycopy(starts, 0, grownStarts, 0, depth);
      starts = grownStarts;
      active = grown;
    }
    active[depth] = methodId;
    starts[depth] = 0;
    DEPTH.setRelease(this, depth + 1);
  }

  /** Times the call pushed last from now. */
  void startClock() {
    starts[depth - 1] = System.nanoTime();
  }

  /**
   * Ends the active call of {@code methodId}; returns its start from {@link #startClock()}, or 0
   * when it was not timed here.
   */
  long pop(int methodId) {
    // exits come in LIFO order; search anyway so one lost exit cannot corrupt the rest
    for (int i = depth - 1; i >= 0; i--) {
      if (active[i] == methodId) {
        long start = starts[i];
        System.arraycopy(active, i + 1, active, i, depth - i - 1);
        System.arraycopy(starts, i + 1, starts, i, depth - i - 1);
        DEPTH.setRelease(this, depth - 1);
        return start;
      }
    }
    return 0;
  }

  private void register() {
    registered = true;
    for (Reference<? extends ThreadState> gone; (gone = GONE.poll()) != null; ) {
      LIVE.remove(gone);
    }
    LIVE.add(new WeakReference<>(this, GONE));
  }

  /**
   * Adds the woven calls in progress on every live thread to {@code counts}, indexed by method id
   * (ids beyond its length are skipped). Called off the hot path, by the in-flight gauge; a call
   * that starts or ends meanwhile may or may not be counted.
   */
  static void countActive(long[] counts) {
    for (Reference<ThreadState> ref : LIVE) {
      ThreadState s = ref.get();
      if (s == null) {
        LIVE.remove(ref);
        continue;
      }
      int d = (int) DEPTH.getAcquire(s);
      int[] ids = s.active;
      for (int i = 0, n = Math.min(d, ids.length); i < n; i++) {
        int id = ids[i];
        if (id >= 0 && id < counts.length) {
          counts[id]++;
        }
      }
    }
  }

  int depth() {
    return depth;
  }
}
