package io.cludeobs.agent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The agent's own log lines on stderr, each prefixed {@code clude-obs:}; never throws. */
public final class AgentLog {

  private static volatile boolean debug;
  private static final Set<String> ONCE = ConcurrentHashMap.newKeySet();

  private AgentLog() {}

  public static void setDebug(boolean on) {
    debug = on;
  }

  public static boolean isDebug() {
    return debug;
  }

  public static void info(String line) {
    try {
      System.err.println("clude-obs: " + line);
    } catch (Throwable ignored) {
      // stderr closed: nothing sensible to do
    }
  }

  public static void debug(String line) {
    if (debug) {
      info(line);
    }
  }

  /** Logs {@code line} the first time {@code key} is seen in this JVM. */
  public static void once(String key, String line) {
    if (ONCE.size() < 10_000 && ONCE.add(key)) {
      info(line);
    }
  }
}
