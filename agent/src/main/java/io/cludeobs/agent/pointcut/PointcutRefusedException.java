package io.cludeobs.agent.pointcut;

import io.cludeobs.agent.config.Printable;

/** A well-formed pointcut that is refused because it would weave everything or nothing useful. */
public final class PointcutRefusedException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String expression;

  PointcutRefusedException(String expression, String reasonAndFix) {
    super("pointcut '" + Printable.of(expression, PointcutSyntaxException.MAX_SHOWN) + "' is refused: " + reasonAndFix);
    this.expression = expression;
  }

  /** The refused expression, trimmed. */
  public String expression() {
    return expression;
  }
}
