package io.cludeobs.bootstrap.genai;

import java.lang.reflect.Method;

/**
 * The LangChain4j entries that {@link GenAi} has no shape for: an AI service method by its {@link
 * Method}, a tool run by its {@code ToolExecutionRequest}, and a streaming chat whose end comes
 * through the handler rather than the return. The agent installs the implementation at start-up.
 */
public final class LangChain4jCalls {

  /** What the LangChain4j advice hands its calls to. Implementations never throw. */
  public interface Sink {

    /**
     * An AI service proxy method starts: an {@code invoke_agent} span, ended by {@link GenAi#end}.
     * Returns null for methods that are not the service's own (Object and default methods).
     */
    Object agent(Method serviceMethod);

    /** A {@code ToolExecutionRequest} is executed: an {@code execute_tool} span, ended by {@link #endTool}. */
    Object tool(Object request);

    /** The tool execution returned its {@code ToolExecutionResult} or threw. */
    void endTool(Object tool, Object result, Throwable thrown);

    /**
     * The handler that takes the application's place for the streaming call {@code call} (from
     * {@link GenAi#start}): the call ends when it sees the complete response or the error.
     */
    Object streamHandler(Object call, Object handler);

    /** The streaming method returned (the stream goes on) or threw (the call ends). */
    void streamReturned(Object call, Throwable thrown);
  }

  private static final Sink NOOP =
      new Sink() {
        @Override
        public Object agent(Method serviceMethod) {
          return null;
        }

        @Override
        public Object tool(Object request) {
          return null;
        }

        @Override
        public void endTool(Object tool, Object result, Throwable thrown) {}

        @Override
        public Object streamHandler(Object call, Object handler) {
          return handler;
        }

        @Override
        public void streamReturned(Object call, Throwable thrown) {}
      };

  private static volatile Sink sink = NOOP;

  private LangChain4jCalls() {}

  /** Installs the agent's implementation; called once by the agent at start-up. */
  public static void install(Sink newSink) {
    sink = newSink == null ? NOOP : newSink;
  }

  /** See {@link Sink#agent}. */
  public static Object agent(Method serviceMethod) {
    return sink.agent(serviceMethod);
  }

  /** See {@link Sink#tool}. */
  public static Object tool(Object request) {
    return sink.tool(request);
  }

  /** See {@link Sink#endTool}. */
  public static void endTool(Object tool, Object result, Throwable thrown) {
    if (tool != null) {
      sink.endTool(tool, result, thrown);
    }
  }

  /** See {@link Sink#streamHandler}. */
  public static Object streamHandler(Object call, Object handler) {
    return call == null ? handler : sink.streamHandler(call, handler);
  }

  /** See {@link Sink#streamReturned}. */
  public static void streamReturned(Object call, Throwable thrown) {
    if (call != null) {
      sink.streamReturned(call, thrown);
    }
  }
}
