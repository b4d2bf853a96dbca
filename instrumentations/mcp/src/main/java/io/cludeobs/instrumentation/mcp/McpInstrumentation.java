package io.cludeobs.instrumentation.mcp;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
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
 * ({@code McpSyncClient.callTool} calls it and blocks) and, on the server, the {@code tools/call}
 * request handler that {@code McpAsyncServer} registers (sync servers and sync tool specifications
 * are adapted to it), which looks the tool up and invokes its call handler.
 */
public final class McpInstrumentation {

  /** The switch name: {@code clude.obs.instrumentation.mcp.enabled}. */
  public static final String NAME = "mcp";

  /** Internal-name prefix of every class this module may weave; a cheap trigger for the agent. */
  public static final String PACKAGE_PREFIX = "io/modelcontextprotocol/";

  static final String CLIENT = "io.modelcontextprotocol.client.McpAsyncClient";
  static final String SERVER = "io.modelcontextprotocol.server.McpAsyncServer";
  static final String CALL_TOOL_REQUEST = "io.modelcontextprotocol.spec.McpSchema$CallToolRequest";
  static final String REQUEST_HANDLER = "io.modelcontextprotocol.server.McpRequestHandler";
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
   * The factory of the {@code tools/call} request handler, called once when the server is built;
   * the handler's body is a synthetic lambda, which Byte Buddy does not weave, so the handler
   * object it returns is wrapped instead.
   */
  static ElementMatcher.Junction<MethodDescription> toolsCallHandler() {
    return isPrivate()
        .and(named("toolsCallRequestHandler"))
        .and(takesArguments(0))
        .and(returns(named(REQUEST_HANDLER)));
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

  /** Server: the handler every {@code tools/call} request goes through, wrapped once. */
  static final class ServerAdvice {
    private ServerAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
      returned = McpCalls.toolsCallHandler(returned);
    }
  }
}
