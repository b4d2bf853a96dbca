package io.cludeobs.instrumentation.springai;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.cludeobs.bootstrap.genai.GenAi;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.implementation.bytecode.member.MethodVariableAccess;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Weaves Spring AI's provider chat models ({@code call(Prompt)}, {@code stream(Prompt)}) and its two
 * tool callbacks ({@code call(String, ToolContext)}). {@code ChatClient} is not woven: every
 * ChatClient call ends in one of these models, whose spans already tell the story.
 */
public final class SpringAiInstrumentation {

  /** The switch name: {@code clude.obs.instrumentation.spring-ai.enabled}. */
  public static final String NAME = "spring-ai";

  /** Internal-name prefix of every class this module may weave; a cheap trigger for the agent. */
  public static final String PACKAGE_PREFIX = "org/springframework/ai/";

  /** {@code GenAi.start} operations are this prefix plus the provider name. */
  public static final String OPERATION_PREFIX = "spring-ai.chat.";

  /**
   * Chat model classes and the {@code gen_ai.provider.name} each one talks to. Exact names: a
   * model class that is not listed (a user's own {@code ChatModel}, a wrapper) is left alone.
   */
  public static final Map<String, String> PROVIDERS;

  static {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("org.springframework.ai.openai.OpenAiChatModel", "openai");
    m.put("org.springframework.ai.anthropic.AnthropicChatModel", "anthropic");
    m.put("org.springframework.ai.azure.openai.AzureOpenAiChatModel", "azure.ai.openai");
    m.put("org.springframework.ai.bedrock.converse.BedrockProxyChatModel", "aws.bedrock");
    m.put("org.springframework.ai.vertexai.gemini.VertexAiGeminiChatModel", "gcp.vertex_ai");
    m.put("org.springframework.ai.google.genai.GoogleGenAiChatModel", "gcp.gen_ai");
    m.put("org.springframework.ai.mistralai.MistralAiChatModel", "mistral_ai");
    m.put("org.springframework.ai.deepseek.DeepSeekChatModel", "deepseek");
    m.put("org.springframework.ai.ollama.OllamaChatModel", "ollama");
    PROVIDERS = Collections.unmodifiableMap(m);
  }

  static final String PROMPT = "org.springframework.ai.chat.prompt.Prompt";
  static final String CHAT_RESPONSE = "org.springframework.ai.chat.model.ChatResponse";
  static final String FLUX = "reactor.core.publisher.Flux";
  static final String TOOL_CONTEXT = "org.springframework.ai.chat.model.ToolContext";
  static final String METHOD_TOOL = "org.springframework.ai.tool.method.MethodToolCallback";
  static final String FUNCTION_TOOL = "org.springframework.ai.tool.function.FunctionToolCallback";

  private SpringAiInstrumentation() {}

  /** Adds the Spring AI transformations to {@code builder}. */
  public static AgentBuilder apply(AgentBuilder builder) {
    return builder
        .type(namedOneOf(PROVIDERS.keySet().toArray(new String[0])))
        .transform(
            (b, type, loader, module, domain) ->
                b.visit(
                    Advice.withCustomMapping()
                        .bind(Operation.class, OPERATION_PREFIX + PROVIDERS.get(type.getName()))
                        .to(ChatAdvice.class)
                        .on(chatMethods())))
        .type(namedOneOf(METHOD_TOOL, FUNCTION_TOOL))
        .transform((b, type, loader, module, domain) -> weaveTool(b, type));
  }

  /** {@code call(Prompt)} returning a ChatResponse and {@code stream(Prompt)} returning a Flux. */
  static ElementMatcher.Junction<MethodDescription> chatMethods() {
    return isPublic()
        .and(takesArguments(1))
        .and(takesArgument(0, named(PROMPT)))
        .and(
            named("call")
                .and(returns(named(CHAT_RESPONSE)))
                .or(named("stream").and(returns(named(FLUX)))));
  }

  /**
   * {@code call(String, ToolContext)}: the overload the tool-calling manager invokes and the
   * one-argument {@code call} delegates to, so weaving only it gives one span per run.
   */
  static ElementMatcher.Junction<MethodDescription> toolMethods() {
    return isPublic()
        .and(named("call"))
        .and(takesArguments(2))
        .and(takesArgument(0, String.class))
        .and(takesArgument(1, named(TOOL_CONTEXT)))
        .and(returns(String.class));
  }

  private static DynamicType.Builder<?> weaveTool(DynamicType.Builder<?> b, TypeDescription type) {
    StackManipulation name = toolName(type);
    if (name == null) {
      return b;
    }
    return b.visit(Advice.withCustomMapping().bind(ToolName.class, name, String.class).to(ToolAdvice.class).on(toolMethods()));
  }

  /**
   * {@code this.getToolDefinition().name()}, resolved against the woven class's own description so
   * the agent needs no Spring AI class; null when the class does not have that shape.
   */
  static StackManipulation toolName(TypeDescription type) {
    MethodList<MethodDescription.InDefinedShape> getters =
        type.getDeclaredMethods().filter(named("getToolDefinition").and(takesArguments(0)).and(isPublic()));
    if (getters.size() != 1) {
      return null;
    }
    MethodDescription getter = getters.getOnly();
    TypeDescription definition = getter.getReturnType().asErasure();
    MethodList<MethodDescription.InDefinedShape> names =
        definition.getDeclaredMethods().filter(named("name").and(takesArguments(0)).and(returns(String.class)));
    if (names.size() != 1) {
      return null;
    }
    return new StackManipulation.Compound(
        MethodVariableAccess.loadThis(), MethodInvocation.invoke(getter), MethodInvocation.invoke(names.getOnly()));
  }

  /** The {@code GenAi.start} operation of the woven model class, bound at weave time. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Operation {}

  /** The woven tool callback's tool name, read when the call starts. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface ToolName {}

  /** A chat model call or stream; a returned Flux is replaced by one that ends the call. */
  static final class ChatAdvice {
    private ChatAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Operation String operation, @Advice.This Object self, @Advice.Argument(0) Object prompt) {
      return GenAi.start(operation, self, prompt);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object call,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      if (call != null) {
        returned = GenAi.end(call, returned, thrown);
      }
    }
  }

  /** A tool callback run; Spring AI does not hand the model's call id to it. */
  static final class ToolAdvice {
    private ToolAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@ToolName String name, @Advice.Argument(0) String input) {
      return GenAi.tool(NAME, name, null, input);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object call,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      if (call != null) {
        returned = GenAi.end(call, returned, thrown);
      }
    }
  }
}
