package io.cludeobs.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isSubTypeOf;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import java.util.Collection;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinTask;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Weaves context hand-off into the JDK: every {@link Executor} implementation (the pool classes,
 * custom ones and wrappers alike: coverage is by behaviour, not by class name), fork/join tasks,
 * CompletableFuture's dependent stages, {@code Thread.start} and virtual threads; and notes work
 * that a traced thread puts in a {@link BlockingQueue} no executor wraps, to report lost contexts.
 *
 * <p>These classes are loaded before the agent starts, so the builder this is applied to must
 * retransform and must not ignore the bootstrap class loader.
 */
public final class ExecutorsInstrumentation {

  static final String COMPLETION = "java.util.concurrent.CompletableFuture$Completion";
  /** A stage that only wakes a thread blocked in get/join: no user code runs in it. */
  static final String SIGNALLER = "java.util.concurrent.CompletableFuture$Signaller";
  /** JDK 21+: matched by name so the module compiles against Java 11. */
  static final String VIRTUAL_THREAD = "java.lang.VirtualThread";

  private ExecutorsInstrumentation() {}

  /**
   * Adds every hand-off transformation to {@code builder}. The advice is prepared here, before
   * any transformation runs: preparing it inside one would load JDK classes (ForkJoinTask) while
   * they are being transformed.
   */
  public static AgentBuilder apply(AgentBuilder builder) {
    AsmVisitorWrapper execute =
        Advice.to(ExecuteAdvice.class).on(concrete(namedOneOf("execute", "submit")).and(takesArgument(0, Runnable.class)));
    AsmVisitorWrapper schedule =
        Advice.to(ScheduleAdvice.class)
            .on(
                concrete(namedOneOf("schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay"))
                    .and(takesArgument(0, Runnable.class)));
    AsmVisitorWrapper callable =
        Advice.to(CallableAdvice.class).on(concrete(namedOneOf("submit", "schedule")).and(takesArgument(0, Callable.class)));
    AsmVisitorWrapper callables =
        Advice.to(CallablesAdvice.class)
            .on(concrete(namedOneOf("invokeAll", "invokeAny")).and(takesArgument(0, Collection.class)));
    AsmVisitorWrapper forkJoinTask =
        Advice.to(ForkJoinTaskAdvice.class)
            .on(concrete(namedOneOf("execute", "submit", "invoke")).and(takesArgument(0, ForkJoinTask.class)));
    AsmVisitorWrapper fork = Advice.to(ForkAdvice.class).on(named("fork").and(takesNoArguments()));
    AsmVisitorWrapper forkJoinTaskRun =
        Advice.to(ForkJoinTaskRunAdvice.class).on(named("doExec").and(takesNoArguments()));
    AsmVisitorWrapper completionCreated = Advice.to(CompletionCreatedAdvice.class).on(isConstructor());
    AsmVisitorWrapper completionFire =
        Advice.to(CompletionFireAdvice.class).on(named("tryFire").and(takesArguments(int.class)));
    AsmVisitorWrapper threadStart =
        Advice.to(ThreadStartAdvice.class).on(concrete(named("start")).and(takesNoArguments()));
    AsmVisitorWrapper threadRun = Advice.to(ThreadRunAdvice.class).on(concrete(named("run")).and(takesNoArguments()));
    // a virtual thread runs its task from run(Runnable), not from Thread.run
    AsmVisitorWrapper virtualThreadRun =
        Advice.to(ThreadRunAdvice.class).on(named("run").and(takesArguments(Runnable.class)));
    // lost-context diagnostics: work that leaves a trace through a queue no executor wraps
    AsmVisitorWrapper queuePut =
        Advice.to(QueuePutAdvice.class)
            .on(concrete(namedOneOf("put", "offer", "add")).and(takesArgument(0, Object.class)));
    AsmVisitorWrapper queueTake =
        Advice.to(QueueTakeAdvice.class).on(concrete(namedOneOf("take", "poll")).and(returns(Object.class)));
    return builder
        .type(not(isInterface()).and(isSubTypeOf(BlockingQueue.class)))
        .transform((b, type, loader, module, domain) -> b.visit(queuePut).visit(queueTake))
        .type(not(isInterface()).and(isSubTypeOf(Executor.class)))
        .transform(
            (b, type, loader, module, domain) ->
                b.visit(execute).visit(schedule).visit(callable).visit(callables).visit(forkJoinTask))
        .type(named("java.util.concurrent.ForkJoinTask"))
        .transform((b, type, loader, module, domain) -> b.visit(fork).visit(forkJoinTaskRun))
        .type(
            nameStartsWith("java.util.concurrent.CompletableFuture$")
                .and(not(isAbstract()))
                .and(hasSuperType(named(COMPLETION)))
                .and(not(named(SIGNALLER))))
        .transform((b, type, loader, module, domain) -> b.visit(completionCreated).visit(completionFire))
        .type(isSubTypeOf(Thread.class))
        .transform((b, type, loader, module, domain) -> b.visit(threadStart).visit(threadRun))
        .type(named(VIRTUAL_THREAD))
        .transform((b, type, loader, module, domain) -> b.visit(virtualThreadRun));
  }

  private static ElementMatcher.Junction<MethodDescription> concrete(
      ElementMatcher<? super MethodDescription> methods) {
    return not(isAbstract()).and(methods);
  }
}
