package io.cludeobs.instrumentation.anthropic;

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
 * Weaves the two anthropic-java Messages API service implementations whose {@code
 * create}/{@code createStreaming} methods make a model call. The two-argument {@code
 * (MessageCreateParams, RequestOptions)} overload is the one every other overload ends in; the
 * raw-response variants are nested classes, and the beta messages service lives in another package,
 * so neither is matched.
 */
public final class AnthropicJavaInstrumentation {

  /** The switch name: {@code clude.obs.instrumentation.anthropic-java.enabled}. */
  public static final String NAME = "anthropic-java";

  /** Internal-name prefix of every class this module may weave; a cheap trigger for the agent. */
  public static final String PACKAGE_PREFIX = "com/anthropic/services/";

  static final String MESSAGES_BLOCKING = "com.anthropic.services.blocking.MessageServiceImpl";
  static final String MESSAGES_ASYNC = "com.anthropic.services.async.MessageServiceAsyncImpl";
  static final String PARAMS = "com.anthropic.models.messages.MessageCreateParams";

  private AnthropicJavaInstrumentation() {}

  /** Adds the anthropic-java transformations to {@code builder}. */
  public static AgentBuilder apply(AgentBuilder builder) {
    return builder
        .type(namedOneOf(MESSAGES_BLOCKING, MESSAGES_ASYNC))
        .transform(
            (b, type, loader, module, domain) -> b.visit(Advice.to(MessagesAdvice.class).on(createMethods())));
  }

  static ElementMatcher.Junction<MethodDescription> createMethods() {
    // countTokens takes the same RequestOptions but another params type: the first argument tells them apart
    return isPublic()
        .and(namedOneOf("create", "createStreaming"))
        .and(takesArguments(2))
        .and(takesArgument(0, named(PARAMS)))
        .and(takesArgument(1, named("com.anthropic.core.RequestOptions")));
  }

  /** Messages: the request is a {@code MessageCreateParams}. */
  static final class MessagesAdvice {
    private MessagesAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object self, @Advice.Argument(0) Object params) {
      return GenAi.start("anthropic.messages", self, params);
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
