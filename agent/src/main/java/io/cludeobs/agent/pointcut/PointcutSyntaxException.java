package io.cludeobs.agent.pointcut;

import io.cludeobs.agent.config.Printable;

/** A pointcut expression that does not follow the pointcut language; says where and what was expected. */
public final class PointcutSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Enough to recognise an expression; a longer one is cut in the message, not in {@link #expression()}. */
  static final int MAX_SHOWN = 500;

  private final String expression;
  private final int column;
  private final String expected;

  PointcutSyntaxException(String expression, int column, String expected) {
    super("cannot parse pointcut '" + Printable.of(expression, MAX_SHOWN) + "' at column " + column + ": expected " + expected);
    this.expression = expression;
    this.column = column;
    this.expected = expected;
  }

  /** The expression as parsed: the setting's text, trimmed. */
  public String expression() {
    return expression;
  }

  /** 1-based column in {@link #expression()} where parsing stopped. */
  public int column() {
    return column;
  }

  /** What the parser expected at {@link #column()}, e.g. {@code "'+' or '#'"}. */
  public String expected() {
    return expected;
  }
}
