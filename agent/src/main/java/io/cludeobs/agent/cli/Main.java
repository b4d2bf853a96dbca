package io.cludeobs.agent.cli;

/** The {@code clude-obs} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {}
}
