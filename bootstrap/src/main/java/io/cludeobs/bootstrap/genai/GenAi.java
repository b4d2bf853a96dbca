package io.cludeobs.bootstrap.genai;

/** The static entry point that GenAI library advice calls around one model call. */
public final class GenAi {

  private static volatile GenAiSink sink = GenAiSink.NOOP;

  private GenAi() {}

  /** Installs the agent's recorder; called once by the agent at start-up. */
  public static void install(GenAiSink newSink) {
    sink = newSink == null ? GenAiSink.NOOP : newSink;
  }

  /** See {@link GenAiSink#start}. */
  public static Object start(String operation, Object client, Object request) {
    return sink.start(operation, client, request);
  }

  /** See {@link GenAiSink#tool}. */
  public static Object tool(String library, String name, String callId, Object arguments) {
    return sink.tool(library, name, callId, arguments);
  }

  /** See {@link GenAiSink#agent}. */
  public static Object agent(String library, String name) {
    return sink.agent(library, name);
  }

  /**
   * See {@link GenAiSink#end}; ends what {@link #start}, {@link #tool} or {@link #agent} began, and
   * returns what the method returns to its caller.
   */
  public static Object end(Object call, Object returned, Throwable thrown) {
    if (call == null) {
      return returned;
    }
    return sink.end(call, returned, thrown);
  }
}
