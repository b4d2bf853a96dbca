package io.cludeobs.bootstrap.context;

/** The static entry point that hand-off advice and the context wrappers call. */
public final class Propagation {

  private static volatile ContextCarrier carrier = ContextCarrier.NONE;

  private Propagation() {}

  /** Installs the agent's carrier; called once by the agent at start-up. */
  public static void install(ContextCarrier newCarrier) {
    carrier = newCarrier == null ? ContextCarrier.NONE : newCarrier;
  }

  /** The context to carry, or null: see {@link ContextCarrier#capture()}. */
  public static Object capture() {
    return carrier.capture();
  }

  /** Makes {@code captured} current; returns the token for {@link #restore}, null if nothing changed. */
  public static Object attach(Object captured) {
    return captured == null ? null : carrier.attach(captured);
  }

  /** Puts back what {@link #attach} replaced; a null token does nothing. */
  public static void restore(Object token) {
    if (token != null) {
      carrier.restore(token);
    }
  }

  public static void beginHandOff() {
    carrier.beginHandOff();
  }

  public static void endHandOff() {
    carrier.endHandOff();
  }

  public static void lostHandOff(Object via) {
    carrier.lostHandOff(via);
  }
}
