package io.cludeobs.instrumentation.langchain4j;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isSubTypeOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.cludeobs.bootstrap.genai.GenAi;
import io.cludeobs.bootstrap.genai.LangChain4jCalls;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Weaves LangChain4j 1.x where every call of a kind passes: the providers' {@code doChat}, which
 * {@code ChatModel.chat} and {@code StreamingChatModel.chat} call after merging the default
 * parameters; the OpenAI embedding model's {@code doEmbed}, which every {@code embed}/{@code
 * embedAll} ends in; the AI service proxy's invocation handler; and {@code
 * DefaultToolExecutor.executeWithContext}, which {@code execute} and the AI service tool loop call.
 */
public final class LangChain4jInstrumentation {

  /** The switch name: {@code clude.obs.instrumentation.langchain4j.enabled}. */
  public static final String NAME = "langchain4j";

  /** Internal-name prefix of every class this module may weave; a cheap trigger for the agent. */
  public static final String PACKAGE_PREFIX = "dev/langchain4j/";

  static final String OPENAI_CHAT = "dev.langchain4j.model.openai.OpenAiChatModel";
  static final String OPENAI_STREAMING_CHAT = "dev.langchain4j.model.openai.OpenAiStreamingChatModel";
  static final String OPENAI_EMBEDDING = "dev.langchain4j.model.openai.OpenAiEmbeddingModel";
  static final String ANTHROPIC_CHAT = "dev.langchain4j.model.anthropic.AnthropicChatModel";
  static final String ANTHROPIC_STREAMING_CHAT = "dev.langchain4j.model.anthropic.AnthropicStreamingChatModel";
  /** The anonymous invocation handler of the AI service proxy; its number is not part of the match. */
  static final String AI_SERVICE_HANDLER_PREFIX = "dev.langchain4j.service.DefaultAiServices$";
  static final String TOOL_EXECUTOR = "dev.langchain4j.service.tool.DefaultToolExecutor";

  static final String CHAT_REQUEST = "dev.langchain4j.model.chat.request.ChatRequest";
  static final String CHAT_RESPONSE = "dev.langchain4j.model.chat.response.ChatResponse";
  static final String STREAMING_HANDLER = "dev.langchain4j.model.chat.response.StreamingChatResponseHandler";
  static final String EMBEDDING_REQUEST = "dev.langchain4j.model.embedding.request.EmbeddingRequest";
  static final String TOOL_REQUEST = "dev.langchain4j.agent.tool.ToolExecutionRequest";
  static final String INVOCATION_CONTEXT = "dev.langchain4j.invocation.InvocationContext";

  /** The {@code GenAi.start} operations, one per provider and kind; the agent has a reader for each. */
  static final String OPENAI_CHAT_OPERATION = "langchain4j.openai.chat";
  static final String ANTHROPIC_CHAT_OPERATION = "langchain4j.anthropic.chat";
  static final String OPENAI_EMBEDDINGS_OPERATION = "langchain4j.openai.embeddings";

  private LangChain4jInstrumentation() {}

  /** Adds the LangChain4j transformations to {@code builder}. */
  public static AgentBuilder apply(AgentBuilder builder) {
    return builder
        .type(named(OPENAI_CHAT))
        .transform((b, type, loader, module, domain) -> b.visit(call(ChatAdvice.class, OPENAI_CHAT_OPERATION).on(chatMethod())))
        .type(named(ANTHROPIC_CHAT))
        .transform(
            (b, type, loader, module, domain) -> b.visit(call(ChatAdvice.class, ANTHROPIC_CHAT_OPERATION).on(chatMethod())))
        .type(named(OPENAI_STREAMING_CHAT))
        .transform(
            (b, type, loader, module, domain) ->
                b.visit(call(StreamingChatAdvice.class, OPENAI_CHAT_OPERATION).on(streamingChatMethod())))
        .type(named(ANTHROPIC_STREAMING_CHAT))
        .transform(
            (b, type, loader, module, domain) ->
                b.visit(call(StreamingChatAdvice.class, ANTHROPIC_CHAT_OPERATION).on(streamingChatMethod())))
        .type(named(OPENAI_EMBEDDING))
        .transform(
            (b, type, loader, module, domain) ->
                b.visit(call(ChatAdvice.class, OPENAI_EMBEDDINGS_OPERATION).on(embedMethod())))
        .type(aiServiceHandler())
        .transform((b, type, loader, module, domain) -> b.visit(Advice.to(AiServiceAdvice.class).on(aiServiceMethod())))
        .type(named(TOOL_EXECUTOR))
        .transform((b, type, loader, module, domain) -> b.visit(Advice.to(ToolAdvice.class).on(toolMethod())));
  }

  private static Advice call(Class<?> advice, String operation) {
    return Advice.withCustomMapping().bind(Operation.class, operation).to(advice);
  }

  static ElementMatcher.Junction<MethodDescription> chatMethod() {
    return isPublic()
        .and(named("doChat"))
        .and(takesArguments(1))
        .and(takesArgument(0, named(CHAT_REQUEST)))
        .and(returns(named(CHAT_RESPONSE)));
  }

  static ElementMatcher.Junction<MethodDescription> streamingChatMethod() {
    return isPublic()
        .and(named("doChat"))
        .and(takesArguments(2))
        .and(takesArgument(0, named(CHAT_REQUEST)))
        .and(takesArgument(1, named(STREAMING_HANDLER)));
  }

  static ElementMatcher.Junction<MethodDescription> embedMethod() {
    return isPublic().and(named("doEmbed")).and(takesArguments(1)).and(takesArgument(0, named(EMBEDDING_REQUEST)));
  }

  static ElementMatcher.Junction<TypeDescription> aiServiceHandler() {
    // the name check first: the supertype check resolves the type
    return nameStartsWith(AI_SERVICE_HANDLER_PREFIX).and(isSubTypeOf(InvocationHandler.class));
  }

  static ElementMatcher.Junction<MethodDescription> aiServiceMethod() {
    return isPublic()
        .and(not(isAbstract()))
        .and(named("invoke"))
        .and(takesArguments(3))
        .and(takesArgument(0, Object.class))
        .and(takesArgument(1, Method.class))
        .and(takesArgument(2, Object[].class));
  }

  static ElementMatcher.Junction<MethodDescription> toolMethod() {
    return isPublic()
        .and(named("executeWithContext"))
        .and(takesArguments(2))
        .and(takesArgument(0, named(TOOL_REQUEST)))
        .and(takesArgument(1, named(INVOCATION_CONTEXT)));
  }

  /** The {@code GenAi.start} operation a transformation binds into its advice. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Operation {}

  /** A blocking model call: chat or embeddings, ended when the method returns or throws. */
  static final class ChatAdvice {
    private ChatAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Operation String operation, @Advice.This Object self, @Advice.Argument(0) Object request) {
      return GenAi.start(operation, self, request);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object call,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      if (call != null) {
        GenAi.end(call, returned, thrown);
      }
    }
  }

  /** A streaming chat: the handler is replaced by one that ends the call on the complete response or error. */
  static final class StreamingChatAdvice {
    private StreamingChatAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(
        @Operation String operation,
        @Advice.This Object self,
        @Advice.Argument(0) Object request,
        @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object handler) {
      Object call = GenAi.start(operation, self, request);
      handler = LangChain4jCalls.streamHandler(call, handler);
      return call;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object call, @Advice.Thrown Throwable thrown) {
      LangChain4jCalls.streamReturned(call, thrown);
    }
  }

  /** One AI service method call: the {@code invoke_agent} span the model and tool calls nest under. */
  static final class AiServiceAdvice {
    private AiServiceAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(1) Method method) {
      return LangChain4jCalls.agent(method);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object agent,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      if (agent != null) {
        GenAi.end(agent, returned, thrown);
      }
    }
  }

  /** One tool run for the model: an {@code execute_tool} span named by the request. */
  static final class ToolAdvice {
    private ToolAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(0) Object request) {
      return LangChain4jCalls.tool(request);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object tool,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      LangChain4jCalls.endTool(tool, returned, thrown);
    }
  }
}
