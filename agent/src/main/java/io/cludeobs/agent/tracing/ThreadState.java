package io.cludeobs.agent.tracing;

/**
 * Per-thread bookkeeping of woven calls in progress: which method ids are active (so a method that
 * recurses into itself gets one span) and how deep we are inside an unsampled trace (so its
 * children neither record nor start traces of their own). Allocated once per thread.
 */
public final class ThreadState {

  private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);

  private int[] active = new int[16];
  private int depth;
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
    if (depth == active.length) {
      int[] grown = new int[active.length * 2];
      System.arraycopy(active, 0, grown, 0, depth);
      active = grown;
    }
    active[depth++] = methodId;
  }

  void pop(int methodId) {
    // exits come in LIFO order; search anyway so one lost exit cannot corrupt the rest
    for (int i = depth - 1; i >= 0; i--) {
      if (active[i] == methodId) {
        System.arraycopy(active, i + 1, active, i, depth - i - 1);
        depth--;
        return;
      }
    }
  }

  int depth() {
    return depth;
  }
}
