package io.cludeobs.agent.cli;

/** A failure a user can act on: one line for stderr and the exit code. */
final class CliFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /** Bad arguments. */
  static final int USAGE = 2;

  /** The store has nothing to answer with, or could not be read. */
  static final int NO_DATA = 1;

  final int exitCode;

  CliFailure(int exitCode, String line) {
    super(line, null, false, false);
    this.exitCode = exitCode;
  }
}
