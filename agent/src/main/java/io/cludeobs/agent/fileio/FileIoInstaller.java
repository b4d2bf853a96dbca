package io.cludeobs.agent.fileio;

import io.cludeobs.agent.AgentLog;
import io.cludeobs.agent.config.AgentConfig;
import io.cludeobs.agent.tracing.CallDispatcher;
import io.cludeobs.bootstrap.FileIo;
import io.cludeobs.instrumentation.fileio.FileIoInstrumentation;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * Starts the file-I/O instrumentation: retransforms the JDK's file classes and then installs the
 * recorder. Links against bootstrap classes, so it must only be loaded after the bootstrap jar is
 * appended. File operations that begin before this runs are not seen.
 */
public final class FileIoInstaller {

  private FileIoInstaller() {}

  /**
   * Retransforms and starts recording; throws if the JDK classes could not be transformed. The
   * metrics go to {@code striped} when given, else to SDK instruments made from {@code meter}.
   */
  public static void install(
      AgentConfig config,
      Instrumentation inst,
      Tracer tracer,
      Meter meter,
      StripedFileIoMetrics striped,
      long storeMaxFileBytes)
      throws Exception {
    long t0 = System.nanoTime();
    // woven java.base classes call io.cludeobs.bootstrap, which lives in the boot loader's unnamed module
    Module javaBase = Object.class.getModule();
    inst.redefineModule(
        javaBase,
        Collections.singleton(FileIo.class.getModule()),
        Collections.emptyMap(),
        Collections.emptyMap(),
        Collections.emptySet(),
        Collections.emptyMap());

    List<Class<?>> types = new ArrayList<>();
    for (String name : FileIoInstrumentation.TYPES) {
      types.add(Class.forName(name, false, null));
    }
    Errors errors = new Errors();
    AgentBuilder builder =
        new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit(types.toArray(new Class<?>[0])))
            .with(errors)
            // only the named JDK types; the default ignore would skip the bootstrap loader
            .ignore(ElementMatchers.not(ElementMatchers.namedOneOf(FileIoInstrumentation.TYPES)));
    FileIoInstrumentation.apply(builder).installOn(inst);
    if (errors.failure != null) {
      throw new IllegalStateException("could not instrument " + errors.failedType, errors.failure);
    }
    resetCallees(inst);

    // the same id that spans carry (context.session_id_source)
    AuditLog audit =
        AuditLog.create(
            config.dataDir(), storeMaxFileBytes, line -> AgentLog.once("local-store", line), config.sessionId());
    FileIoMetrics metrics = striped != null ? striped : new FileIoInstruments(meter);
    FileIo.install(new FileIoRecorder(tracer, metrics, PathRules.from(config), audit));
    CallDispatcher.auditToolCalls(audit);
    // lines still queued at exit are written, within the same limit as the telemetry flush
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> audit.close(config.shutdownTimeout()), "clude-obs-audit-flush"));
    AgentLog.debug("file-io instrumentation started in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
  }

  /**
   * Retransforming the file classes gives their methods fresh JIT counters, but not the JDK methods
   * they call, which the agent's own start-up (reading its jars) has just made hot. The JIT then
   * compiles {@code FileDescriptor.closeAll} on its own before the streams' {@code close()}, and a
   * method already compiled big is not inlined: every close would pay a call and an allocation it
   * does not pay without the agent (about 40 ns per close, measured with perf). Retransforming
   * {@code FileDescriptor} unchanged resets its counters too, so the compile order is again the one
   * of an application without the agent. Nothing is woven into it; a failure only costs that time.
   */
  private static void resetCallees(Instrumentation inst) {
    try {
      inst.retransformClasses(java.io.FileDescriptor.class);
    } catch (Throwable t) {
      AgentLog.debug("file-io: FileDescriptor not retransformed: " + t);
    }
  }

  private static final class Errors extends AgentBuilder.Listener.Adapter {
    volatile Throwable failure;
    volatile String failedType;

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable throwable) {
      failure = throwable;
      failedType = typeName;
    }

    @Override
    public void onTransformation(
        TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
      AgentLog.debug("woven " + type.getName());
    }
  }
}
