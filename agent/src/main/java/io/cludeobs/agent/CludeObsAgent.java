package io.cludeobs.agent;

import java.lang.instrument.Instrumentation;

/** Entry point of {@code -javaagent:clude-obs.jar} and of runtime attach. */
public final class CludeObsAgent {
  private CludeObsAgent() {}

  public static void premain(String args, Instrumentation inst) {}

  public static void agentmain(String args, Instrumentation inst) {}
}
