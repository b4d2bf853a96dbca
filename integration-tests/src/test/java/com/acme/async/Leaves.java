package com.acme.async;

import java.util.concurrent.RecursiveAction;
import java.util.concurrent.RecursiveTask;

/** Fork/join tasks whose leaves call {@link Work#leaf()}. */
final class Leaves {

  private Leaves() {}

  /** Splits {@code n} leaves in halves with fork/join and counts them. */
  static final class Count extends RecursiveTask<Integer> {
    private final int n;

    Count(int n) {
      this.n = n;
    }

    @Override
    protected Integer compute() {
      if (n == 1) {
        Work.leaf();
        return 1;
      }
      Count left = new Count(n / 2);
      Count right = new Count(n - n / 2);
      left.fork();
      return right.compute() + left.join();
    }
  }

  /** Two leaves through RecursiveAction fork/join. */
  static final class Pair extends RecursiveAction {
    private final boolean split;

    Pair(boolean split) {
      this.split = split;
    }

    @Override
    protected void compute() {
      if (!split) {
        Work.leaf();
        return;
      }
      Pair a = new Pair(false);
      Pair b = new Pair(false);
      a.fork();
      b.fork();
      a.join();
      b.join();
    }
  }
}
