package io.cludeobs.bootstrap;

/** The static entry point that advice woven into application and JDK classes calls. */
public final class Bridge {

  private static volatile Dispatcher dispatcher = Dispatcher.NOOP;

  private Bridge() {}

  /** Installs the agent's dispatcher; called once by the agent at start-up. */
  public static void install(Dispatcher newDispatcher) {
    dispatcher = newDispatcher == null ? Dispatcher.NOOP : newDispatcher;
  }

  public static Object enter(int methodId, Object receiver) {
    return dispatcher.enter(methodId, receiver);
  }

  public static void exit(int methodId, Object token, Object receiver, Object returned, Throwable thrown) {
    dispatcher.exit(methodId, token, receiver, returned, thrown);
  }
}
