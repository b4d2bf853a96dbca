package io.cludeobs.agent.store;

/** Told how far a long read or cleanup of the store has got, e.g. to draw a progress bar. */
public interface StoreProgress {

  /** Does nothing. */
  StoreProgress NONE = (done, total) -> {};

  /** {@code done} of {@code total} units (bytes or files) are finished; called often, from one thread. */
  void advance(long done, long total);
}
