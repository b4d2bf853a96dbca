package io.cludeobs.instrumentation.openai;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.cludeobs.bootstrap.genai.GenAi;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Weaves the four openai-java service implementations whose {@code create}/{@code createStreaming}
 * methods make a model call. The two-argument {@code (params, RequestOptions)} overload is the one
 * every other overload ends in; the raw-response variants are nested classes and not matched.
 */
public final class OpenAiJavaInstrumentation {

  /** The switch name: {@code clude.obs.instrumentation.openai-java.enabled}. */
  public static final String NAME = "openai-java";

  /** Internal-name prefix of every class this module may weave; a cheap trigger for the agent. */
  public static final String PACKAGE_PREFIX = "com/openai/services/";

  static final String CHAT_BLOCKING = "com.openai.services.blocking.chat.ChatCompletionServiceImpl";
  static final String CHAT_ASYNC = "com.openai.services.async.chat.ChatCompletionServiceAsyncImpl";
  static final String RESPONSES_BLOCKING = "com.openai.services.blocking.ResponseServiceImpl";
  static final String RESPONSES_ASYNC = "com.openai.services.async.ResponseServiceAsyncImpl";

  private OpenAiJavaInstrumentation() {}

  /** Adds the openai-java transformations to {@code builder}. */
  public static AgentBuilder apply(AgentBuilder builder) {
    return builder
        .type(namedOneOf(CHAT_BLOCKING, CHAT_ASYNC))
        .transform((b, type, loader, module, domain) -> b.visit(Advice.to(ChatAdvice.class).on(createMethods())))
        .type(namedOneOf(RESPONSES_BLOCKING, RESPONSES_ASYNC))
        .transform(
            (b, type, loader, module, domain) -> b.visit(Advice.to(ResponsesAdvice.class).on(createMethods())));
  }

  static ElementMatcher.Junction<MethodDescription> createMethods() {
    return isPublic()
        .and(namedOneOf("create", "createStreaming"))
        .and(takesArguments(2))
        .and(takesArgument(1, named("com.openai.core.RequestOptions")));
  }

  /** Chat completions: the request is a {@code ChatCompletionCreateParams}. */
  static final class ChatAdvice {
    private ChatAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object self, @Advice.Argument(0) Object params) {
      return GenAi.start("openai.chat", self, params);
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

  /** The Responses API: the request is a {@code ResponseCreateParams}. */
  static final class ResponsesAdvice {
    private ResponsesAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object self, @Advice.Argument(0) Object params) {
      return GenAi.start("openai.responses", self, params);
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
