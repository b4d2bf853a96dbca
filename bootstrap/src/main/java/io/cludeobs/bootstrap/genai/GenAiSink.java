package io.cludeobs.bootstrap.genai;

/**
 * What {@link GenAi} hands model calls to; the agent installs the implementation at start-up.
 * Implementations never throw.
 */
public interface GenAiSink {

  /**
   * A model call starts on this thread.
   *
   * @param operation the library operation, e.g. {@code openai.chat} or {@code openai.responses}
   * @param client the library object the call was made on (reads the server address)
   * @param request the library's request object
   * @return a handle for {@link #end}, or null when nothing is recorded
   */
  Object start(String operation, Object client, Object request);

  /**
   * The call's method returns or throws. A stream or future ends the call later, when it
   * completes; the value returned then takes the place of {@code returned}.
   */
  Object end(Object call, Object returned, Throwable thrown);

  /** Does nothing; in place until the agent has started. */
  GenAiSink NOOP =
      new GenAiSink() {
        @Override
        public Object start(String operation, Object client, Object request) {
          return null;
        }

        @Override
        public Object end(Object call, Object returned, Throwable thrown) {
          return returned;
        }
      };
}
