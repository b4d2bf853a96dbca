package io.cludeobs.bootstrap.genai;

/** The static entry points that MCP advice calls around one tool call, on the client or the server. */
public final class McpCalls {

  /** What the agent does for an MCP tool call; a no-op until the agent installs its own. */
  public interface Sink {
    /** Starts a client {@code callTool}; returns the call to end, or null. */
    Object client(Object request);

    /** The request to send instead of {@code request}: the same with the trace context in its {@code _meta}. */
    Object withTraceContext(Object call, Object request);

    /**
     * The server's {@code tools/call} request handler to register instead of {@code handler}: one
     * that makes each call it handles a span, or {@code handler} itself.
     */
    Object toolsCallHandler(Object handler);

    /** Ends {@code call}; returns what the method returns (a {@code Mono} is wrapped to see its end). */
    Object end(Object call, Object returned, Throwable thrown);
  }

  private static final Sink NOOP =
      new Sink() {
        @Override
        public Object client(Object request) {
          return null;
        }

        @Override
        public Object withTraceContext(Object call, Object request) {
          return request;
        }

        @Override
        public Object toolsCallHandler(Object handler) {
          return handler;
        }

        @Override
        public Object end(Object call, Object returned, Throwable thrown) {
          return returned;
        }
      };

  private static volatile Sink sink = NOOP;

  private McpCalls() {}

  /** Installs the agent's recorder; called once by the agent at start-up. */
  public static void install(Sink newSink) {
    sink = newSink == null ? NOOP : newSink;
  }

  /** See {@link Sink#client}. */
  public static Object client(Object request) {
    return sink.client(request);
  }

  /** See {@link Sink#withTraceContext}; {@code request} itself when {@code call} is null. */
  public static Object withTraceContext(Object call, Object request) {
    return call == null ? request : sink.withTraceContext(call, request);
  }

  /** See {@link Sink#toolsCallHandler}. */
  public static Object toolsCallHandler(Object handler) {
    return sink.toolsCallHandler(handler);
  }

  /** See {@link Sink#end}; {@code returned} itself when {@code call} is null. */
  public static Object end(Object call, Object returned, Throwable thrown) {
    return call == null ? returned : sink.end(call, returned, thrown);
  }
}
