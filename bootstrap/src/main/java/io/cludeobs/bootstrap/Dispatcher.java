package io.cludeobs.bootstrap;

/**
 * What woven advice calls on method entry and exit; the agent installs the implementation in
 * {@link Bridge} at start-up. Implementations never throw.
 */
public interface Dispatcher {

  /**
   * Called on entry of a woven method.
   *
   * @param methodId the id the agent gave the method when it was woven
   * @param receiver {@code this}, or null for static methods
   * @return a token handed back to {@link #exit}; never allocated on the unsampled path
   */
  Object enter(int methodId, Object receiver);

  /**
   * Called on exit of a woven method, normal or exceptional. The advice reads no clock: the
   * dispatcher times a call only when something will use the duration.
   *
   * @param returned the return value (boxed), or null for void methods and categories that do not
   *     look at it
   */
  void exit(int methodId, Object token, Object receiver, Object returned, Throwable thrown);

  /** Does nothing; in place until the agent has started, and after it is switched off. */
  Dispatcher NOOP =
      new Dispatcher() {
        @Override
        public Object enter(int methodId, Object receiver) {
          return null;
        }

        @Override
        public void exit(int methodId, Object token, Object receiver, Object returned, Throwable thrown) {}
      };
}
