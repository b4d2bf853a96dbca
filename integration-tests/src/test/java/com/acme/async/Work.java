package com.acme.async;

import java.util.concurrent.atomic.AtomicInteger;

/** The woven work: {@code handOff} on the submitting side, {@code leaf} on the other side. */
public final class Work {

  static final AtomicInteger LEAVES = new AtomicInteger();

  private Work() {}

  /** A span around one hand-off: runs {@code body} (which hands work off and waits for it). */
  public static void handOff(Body body) throws Exception {
    body.run();
  }

  /** A span made on the other side of a hand-off. */
  public static int leaf() {
    return LEAVES.incrementAndGet();
  }

  /** What a scenario does inside {@link #handOff}. */
  public interface Body {
    void run() throws Exception;
  }
}
