package io.cludeobs.agent.context;

import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import io.cludeobs.agent.AgentLog;
import io.cludeobs.agent.weaving.Weaver;
import io.cludeobs.agent.weaving.WeaveLog;
import io.cludeobs.bootstrap.context.Propagation;
import io.cludeobs.instrumentation.executors.ExecutorsInstrumentation;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinTask;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;

/**
 * Starts context propagation: installs the {@link ContextBridge}, then retransforms the JDK's
 * executors, fork/join tasks, completion stages, threads and blocking queues. The JDK's classes
 * are loaded long before the agent starts, so they are retransformed, with no class format
 * changes, and the bootstrap class loader is not ignored. Links against bootstrap classes, so it
 * must only be loaded after the bootstrap jar is appended.
 *
 * <p>Installed by the core before it weaves any pointcut candidate: until a woven method has run
 * there is no trace context to carry, so nothing is lost by not installing earlier.
 */
public final class ExecutorsInstaller {

  private static final long INSTALL_WAIT_MILLIS = 20_000;

  private ExecutorsInstaller() {}

  /** Installs the bridge and weaves the JDK; the caller checks the switch. */
  public static void install(Instrumentation inst) throws InterruptedException {
    long t0 = System.nanoTime();
    Propagation.install(new ContextBridge());
    StaleContextCleaner.start();
    AgentBuilder builder =
        new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(new CandidateDiscovery())
            .with(new BatchListener())
            // described from class files, not by reflection: reflection could load a class that the
            // thread waiting for this retransformation is loading
            .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
            .with(new WeaveLog("jdk-weave-error", "could not instrument", "context hand-off woven into"))
            // the agent and its shaded libraries (and the OpenTelemetry Java agent's, when both are attached)
            // hand nothing off that needs a context; lambdas and other hidden classes cannot be retransformed
            .ignore(
                nameStartsWith("io.cludeobs.")
                    .or(nameStartsWith(Weaver.OTEL_JAVAAGENT_PACKAGE))
                    .or(nameStartsWith("net.bytebuddy."))
                    .or(nameStartsWith("sun.reflect."))
                    .or(nameStartsWith("jdk.internal.reflect."))
                    .or(nameContains("$$Lambda")));
    // woven JDK classes live in named modules, which must read the bootstrap helpers' module
    builder = builder.assureReadEdgeTo(inst, JavaModule.ofType(Propagation.class));
    retransformOutsideClassLoading(
        ExecutorsInstrumentation.apply(builder),
        inst,
        "the JDK for context propagation",
        "work on other threads starts traces of its own");
    AgentLog.debug("executors instrumentation installed in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
  }

  /**
   * The core may start while a class is loading, inside a class file transformer, and the JVM does
   * not call transformers again on a thread that is already in one: retransforming from here would
   * leave the JDK unchanged. Another thread does it, and this one waits, so the JDK is woven before
   * the first woven method runs. The wait is bounded in case that thread needs the class that this
   * one is loading.
   *
   * @param what what is woven, for the log line ("the JDK for context propagation")
   * @param consequence what the user loses if it fails
   */
  static void retransformOutsideClassLoading(
      AgentBuilder builder, Instrumentation inst, String what, String consequence) throws InterruptedException {
    Throwable[] failure = new Throwable[1];
    Thread installer =
        new Thread(
            () -> {
              try {
                builder.installOn(inst);
              } catch (Throwable t) {
                failure[0] = t;
              }
            },
            "clude-obs-jdk-instrumentation");
    installer.setDaemon(true);
    installer.start();
    installer.join(INSTALL_WAIT_MILLIS);
    if (installer.isAlive()) {
      AgentLog.info("weaving " + what + " takes more than " + INSTALL_WAIT_MILLIS + " ms; going on while it finishes");
    } else if (failure[0] != null) {
      AgentLog.info("could not weave " + what + ", " + consequence + ": " + failure[0]);
    }
  }

  /**
   * Finds the loaded classes that a hand-off transformation may select with plain reflection:
   * letting Byte Buddy describe and match every loaded class costs hundreds of milliseconds. It
   * runs once the transformer is registered, so a class loaded meanwhile is woven as it loads.
   */
  static final class CandidateDiscovery implements AgentBuilder.RedefinitionStrategy.DiscoveryStrategy {
    @Override
    public Iterable<Iterable<Class<?>>> resolve(Instrumentation inst) {
      List<Class<?>> out = new ArrayList<>();
      for (Class<?> c : inst.getAllLoadedClasses()) {
        if (isCandidate(c) && inst.isModifiableClass(c)) {
          out.add(c);
        }
      }
      return Collections.<Iterable<Class<?>>>singletonList(out);
    }

    static boolean isCandidate(Class<?> c) {
      if (c.isInterface() || c.isArray() || c.isPrimitive()) {
        return false;
      }
      String name = c.getName();
      // the agent's own classes are never woven; lambdas and other hidden classes cannot be
      if (name.startsWith("io.cludeobs.") || name.contains("$$Lambda") || name.indexOf('/') >= 0) {
        return false;
      }
      return Executor.class.isAssignableFrom(c)
          || BlockingQueue.class.isAssignableFrom(c)
          || Thread.class.isAssignableFrom(c)
          || ForkJoinTask.class.isAssignableFrom(c);
    }
  }

  /** A retransformation batch the JVM refused is logged once; its classes run unwoven. */
  private static final class BatchListener extends AgentBuilder.RedefinitionStrategy.Listener.Adapter {
    @Override
    public Iterable<? extends List<Class<?>>> onError(
        int index, List<Class<?>> batch, Throwable throwable, List<Class<?>> types) {
      AgentLog.once("jdk-retransform " + throwable.getClass().getName(), "could not retransform " + batch + ": " + throwable);
      return Collections.emptyList();
    }
  }
}
