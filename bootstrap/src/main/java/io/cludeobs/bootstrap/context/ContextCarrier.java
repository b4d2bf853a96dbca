package io.cludeobs.bootstrap.context;

/**
 * What the agent tells the bootstrap helpers about the current trace context; installed in
 * {@link Propagation}. Implementations never throw.
 */
public interface ContextCarrier {

  /**
   * The context to carry to another thread, or null when there is nothing to carry (no trace, or
   * this thread is already inside a hand-off that carries it).
   */
  Object capture();

  /**
   * Makes a captured context current on this thread.
   *
   * @return what {@link #restore} needs to put the previous state back; null when nothing changed
   */
  Object attach(Object captured);

  /** Puts back the state that was current before {@link #attach} returned {@code token}. */
  void restore(Object token);

  /** Marks this thread as inside an executor call that already carries the context. */
  void beginHandOff();

  /** Ends what {@link #beginHandOff} began. */
  void endHandOff();

  /**
   * This thread took work from {@code via} (a queue) that a thread with an active trace put there,
   * a hand-off no wrapper followed; a root span it starts next is a lost context.
   */
  void lostHandOff(Object via);

  /** Carries nothing; in place until the agent installs its carrier. */
  ContextCarrier NONE =
      new ContextCarrier() {
        @Override
        public Object capture() {
          return null;
        }

        @Override
        public Object attach(Object captured) {
          return null;
        }

        @Override
        public void restore(Object token) {}

        @Override
        public void beginHandOff() {}

        @Override
        public void endHandOff() {}

        @Override
        public void lostHandOff(Object via) {}
      };
}
