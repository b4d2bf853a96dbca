package io.cludeobs.agent.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Whether output goes to a terminal, and so whether to colour it, draw progress and how wide lines may be. */
final class Terminal {

  static final int DEFAULT_WIDTH = 120;

  private final boolean interactive;
  private final boolean colour;

  private Terminal(boolean interactive, boolean colour) {
    this.interactive = interactive;
    this.colour = colour;
  }

  static Terminal detect() {
    boolean interactive = isTerminal(System.console());
    String term = System.getenv("TERM");
    boolean colour = interactive && System.getenv("NO_COLOR") == null && !"dumb".equals(term);
    return new Terminal(interactive, colour);
  }

  /** For tests: a pipe, no colour, no progress. */
  static Terminal pipe() {
    return new Terminal(false, false);
  }

  // From JDK 22 System.console() is not null for a pipe either; Console.isTerminal() then tells.
  private static boolean isTerminal(Console console) {
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException | RuntimeException olderJdk) {
      return true;
    }
  }

  boolean interactive() {
    return interactive;
  }

  /** {@code text} in an ANSI colour (31 red, 32 green, 33 yellow, 35 magenta, 36 cyan, 2 dim) on a terminal. */
  String colour(int code, String text) {
    return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }

  /** {@code $COLUMNS}, else the terminal's width from {@code stty}, else {@value #DEFAULT_WIDTH}. */
  int width() {
    String columns = System.getenv("COLUMNS");
    if (columns != null && columns.matches("[0-9]{2,4}")) {
      return Integer.parseInt(columns);
    }
    if (interactive) {
      int stty = sttyWidth();
      if (stty > 0) {
        return stty;
      }
    }
    return DEFAULT_WIDTH;
  }

  private static int sttyWidth() {
    try {
      Process p =
          new ProcessBuilder("sh", "-c", "stty size < /dev/tty")
              .redirectErrorStream(true)
              .start();
      String text;
      try (InputStream in = p.getInputStream()) {
        byte[] bytes = new byte[64];
        int n = in.read(bytes);
        text = n <= 0 ? "" : new String(bytes, 0, n, StandardCharsets.US_ASCII).trim();
      }
      if (!p.waitFor(1, TimeUnit.SECONDS)) {
        p.destroy();
        return -1;
      }
      String[] parts = text.split(" ");
      return parts.length == 2 && parts[1].matches("[0-9]+") ? Integer.parseInt(parts[1]) : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

}
