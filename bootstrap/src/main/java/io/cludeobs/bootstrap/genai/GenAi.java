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

  /** See {@link GenAiSink#end}; returns what the method returns to its caller. */
  public static Object end(Object call, Object returned, Throwable thrown) {
    if (call == null) {
      return returned;
    }
    return sink.end(call, returned, thrown);
  }
}
