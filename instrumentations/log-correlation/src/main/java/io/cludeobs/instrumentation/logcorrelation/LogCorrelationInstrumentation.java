package io.cludeobs.instrumentation.logcorrelation;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Weaves the app's logging classes, found by name at run time: Logback's {@code LoggingEvent},
 * whose MDC map is taken once on the logging thread, and Log4j2's {@code ContextDataInjector}s,
 * which fill an event's context data on the logging thread. Both may be loaded before the agent
 * starts, so the builder must retransform; the advice adds no fields or methods.
 */
public final class LogCorrelationInstrumentation {

  public static final String LOGBACK_EVENT = "ch.qos.logback.classic.spi.LoggingEvent";
  public static final String LOG4J_INJECTOR = "org.apache.logging.log4j.core.ContextDataInjector";
  /** Log4j2's own injectors live here; custom injectors elsewhere are not woven (see the docs). */
  public static final String LOG4J_CORE_PACKAGE = "org.apache.logging.log4j.core.";

  private LogCorrelationInstrumentation() {}

  /** Adds the Logback and Log4j2 transformations to {@code builder}. */
  public static AgentBuilder apply(AgentBuilder builder) {
    AsmVisitorWrapper logback =
        Advice.to(LogbackMdcAdvice.class).on(named("getMDCPropertyMap").and(takesNoArguments()));
    AsmVisitorWrapper log4j =
        Advice.to(Log4jContextDataAdvice.class)
            .on(named("injectContextData").and(takesArguments(2)).and(not(isAbstract())));
    return builder
        .type(named(LOGBACK_EVENT))
        .transform((b, type, loader, module, domain) -> b.visit(logback))
        // the cheap name check first: a supertype walk for every loaded class would cost start-up time
        .type(nameStartsWith(LOG4J_CORE_PACKAGE).and(not(isInterface())).and(hasSuperType(named(LOG4J_INJECTOR))))
        .transform((b, type, loader, module, domain) -> b.visit(log4j));
  }
}
