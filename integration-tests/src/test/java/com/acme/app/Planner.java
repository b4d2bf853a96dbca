package com.acme.app;

/** Recurses into itself: the agent must give one span for the outermost call. */
public final class Planner {
  public int plan(int depth) {
    return depth == 0 ? 0 : 1 + plan(depth - 1);
  }
}
