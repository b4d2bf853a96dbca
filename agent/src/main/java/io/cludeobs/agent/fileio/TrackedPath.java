package io.cludeobs.agent.fileio;

/** A path that is recorded: its absolute form and how it is shown (null in path mode none). */
final class TrackedPath {
  final String absolute;
  final String shown;

  TrackedPath(String absolute, String shown) {
    this.absolute = absolute;
    this.shown = shown;
  }

  @Override
  public String toString() {
    return absolute;
  }
}
