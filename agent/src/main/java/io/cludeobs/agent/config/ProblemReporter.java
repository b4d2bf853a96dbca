package io.cludeobs.agent.config;

/** Where one-line messages about bad settings go. */
@FunctionalInterface
public interface ProblemReporter {

  /** Reports one line naming the setting, the bad value and the fix. */
  void report(String line);

  /** Prints each problem as one line on stderr, prefixed {@code clude-obs: }. */
  static ProblemReporter stderr() {
    return line -> System.err.println("clude-obs: " + line);
  }
}
