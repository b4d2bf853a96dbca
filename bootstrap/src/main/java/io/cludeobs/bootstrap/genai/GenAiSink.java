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

  /**
   * A library runs a tool on this thread: an {@code execute_tool} span, ended by {@link #end}.
   *
   * @param library the instrumentation's switch name, e.g. {@code langchain4j}
   * @param name the tool's name as the model knows it
   * @param callId the id the model gave this call, or null
   * @param arguments the arguments (a JSON string or an object whose text is them), read only when
   *     content capture is on
   * @return a handle for {@link #end}, or null when nothing is recorded
   */
  Object tool(String library, String name, String callId, Object arguments);

  /**
   * A library runs an agent (one user request answered by model calls and tools) on this thread:
   * an {@code invoke_agent} span, ended by {@link #end}.
   *
   * @param library the instrumentation's switch name
   * @param name the agent's name, e.g. the AI service interface and method
   * @return a handle for {@link #end}, or null when nothing is recorded
   */
  Object agent(String library, String name);

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

        @Override
        public Object tool(String library, String name, String callId, Object arguments) {
          return null;
        }

        @Override
        public Object agent(String library, String name) {
          return null;
        }
      };
}
