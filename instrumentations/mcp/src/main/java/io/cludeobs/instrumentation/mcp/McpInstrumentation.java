package io.cludeobs.instrumentation.mcp;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.cludeobs.bootstrap.genai.McpCalls;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Weaves the two points every MCP tool call passes: {@code McpAsyncClient.callTool} on the client
 * ({@code McpSyncClient.callTool} calls it and blocks) and the body of {@code McpAsyncServer}'s
 * {@code tools/call} request handler on the server (sync servers and sync tool specifications are
 * adapted to it), where the tool is looked up and its call handler invoked.
 */
public final class McpInstrumentation {

  /** The switch name: {@code clude.obs.instrumentation.mcp.enabled}. */
  public static final String NAME = "mcp";

  /** Internal-name prefix of every class this module may weave; a cheap trigger for the agent. */
  public static final String PACKAGE_PREFIX = "io/modelcontextprotocol/";

  static final String CLIENT = "io.modelcontextprotocol.client.McpAsyncClient";
  static final String SERVER = "io.modelcontextprotocol.server.McpAsyncServer";
  static final String CALL_TOOL_REQUEST = "io.modelcontextprotocol.spec.McpSchema$CallToolRequest";
  static final String EXCHANGE = "io.modelcontextprotocol.server.McpAsyncServerExchange";
  static final String MONO = "reactor.core.publisher.Mono";

  private McpInstrumentation() {}

  /** Adds the MCP transformations to {@code builder}. */
  public static AgentBuilder apply(AgentBuilder builder) {
    return builder
        .type(named(CLIENT))
        .transform((b, type, loader, module, domain) -> b.visit(Advice.to(ClientAdvice.class).on(callTool())))
        .type(named(SERVER))
        .transform((b, type, loader, module, domain) -> b.visit(Advice.to(ServerAdvice.class).on(toolsCallHandler())));
  }

  static ElementMatcher.Junction<MethodDescription> callTool() {
    return isPublic()
        .and(named("callTool"))
        .and(takesArguments(1))
        .and(takesArgument(0, named(CALL_TOOL_REQUEST)))
        .and(returns(named(MONO)));
  }

  /**
   * The lambda javac makes of {@code toolsCallRequestHandler()}'s body: the handler object itself
   * is created by {@code invokedynamic}, so its body is the one method every tool call runs.
   */
  static ElementMatcher.Junction<MethodDescription> toolsCallHandler() {
    return isPrivate()
        .and(nameStartsWith("lambda$toolsCallRequestHandler$"))
        .and(takesArguments(2))
        .and(takesArgument(0, named(EXCHANGE)))
        .and(takesArgument(1, Object.class))
        .and(returns(named(MONO)));
  }

  /** Client: starts the span, puts its trace context into the request's {@code _meta}. */
  static final class ClientAdvice {
    private ClientAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(
        @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object request) {
      Object call = McpCalls.client(request);
      request = McpCalls.withTraceContext(call, request);
      return call;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object call,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      if (call != null) {
        returned = McpCalls.end(call, returned, thrown);
      }
    }
  }

  /** Server: the raw {@code params} of a {@code tools/call} request, before the tool is looked up. */
  static final class ServerAdvice {
    private ServerAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(1) Object params) {
      return McpCalls.server(params);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object call,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      if (call != null) {
        returned = McpCalls.end(call, returned, thrown);
      }
    }
  }
}
