package io.cludeobs.agent.tracing;

/**
 * Per-thread bookkeeping of woven calls in progress: which method ids are active (so a method that
 * recurses into itself gets one span) and how deep we are inside an unsampled trace (so its
 * children neither record nor start traces of their own). Allocated once per thread.
 */
final class ThreadState {

  private int[] active = new int[16];
  private int depth;
  /** Woven calls in progress on this thread that belong to an unsampled trace. */
  int unsampledDepth;

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
