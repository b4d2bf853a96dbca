package io.cludeobs.agent.context;

import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import io.cludeobs.agent.AgentLog;
import io.cludeobs.agent.weaving.Weaver;
import io.cludeobs.bootstrap.context.LogCorrelation;
import io.cludeobs.instrumentation.logcorrelation.LogCorrelationInstrumentation;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Starts log correlation: installs the span id source, then weaves the app's Logback and Log4j2
 * classes, retransforming those already loaded (logging is usually set up before the first span).
 * Links against bootstrap classes, so it must only be loaded after the bootstrap jar is appended.
 */
public final class LogCorrelationInstaller {

  private LogCorrelationInstaller() {}

  /** Installs the source and weaves; the caller checks the switch. */
  public static void install(Instrumentation inst) throws InterruptedException {
    long t0 = System.nanoTime();
    LogCorrelation.install(new CurrentSpanIds());
    AgentBuilder builder =
        new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(new LoadedLoggingClasses())
            .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
            .with(new Listener())
            .ignore(
                nameStartsWith("io.cludeobs.")
                    .or(nameStartsWith(Weaver.OTEL_JAVAAGENT_PACKAGE))
                    .or(nameStartsWith("net.bytebuddy."))
                    .or(nameContains("$$Lambda")));
    ExecutorsInstaller.retransformOutsideClassLoading(
        LogCorrelationInstrumentation.apply(builder),
        inst,
        "the app's Logback and Log4j2 classes for log correlation",
        "log lines carry no trace ids");
    AgentLog.debug("log-correlation instrumentation installed in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
  }

  /** The loaded classes the transformation may select, found by name: matching every loaded class is slow. */
  static final class LoadedLoggingClasses implements AgentBuilder.RedefinitionStrategy.DiscoveryStrategy {
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
      String name = c.getName();
      if (name.equals(LogCorrelationInstrumentation.LOGBACK_EVENT)) {
        return true;
      }
      return name.startsWith(LogCorrelationInstrumentation.LOG4J_CORE_PACKAGE)
          && !c.isInterface()
          && implementsByName(c, LogCorrelationInstrumentation.LOG4J_INJECTOR);
    }

    private static boolean implementsByName(Class<?> c, String interfaceName) {
      for (Class<?> t = c; t != null; t = t.getSuperclass()) {
        for (Class<?> i : t.getInterfaces()) {
          if (i.getName().equals(interfaceName)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /** A logging class that cannot be woven keeps its log lines as they were; said once per type. */
  private static final class Listener extends AgentBuilder.Listener.Adapter {
    @Override
    public void onError(
        String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
      AgentLog.once(
          "log-correlation " + typeName,
          "log correlation could not weave " + typeName + " (" + throwable + "); its log lines carry no trace ids;"
              + " set clude.obs.instrumentation.log-correlation.enabled=false to silence this");
    }

    @Override
    public void onTransformation(
        TypeDescription typeDescription, ClassLoader classLoader, JavaModule module, boolean loaded, DynamicType dynamicType) {
      AgentLog.debug("log correlation woven into " + typeDescription.getName());
    }
  }
}
