package io.cludeobs.agent;

import io.cludeobs.agent.config.AgentConfig;
import io.cludeobs.agent.context.SessionBaggage;
import io.cludeobs.agent.pointcut.Category;
import io.cludeobs.agent.pointcut.PointcutSet;
import io.cludeobs.agent.profiling.ProfileRecorder;
import io.cludeobs.agent.sdk.Telemetry;
import io.cludeobs.agent.store.StoreRetention;
import io.cludeobs.agent.tracing.CallDispatcher;
import io.cludeobs.agent.tracing.HeadSampler;
import io.cludeobs.agent.tracing.Instruments;
import io.cludeobs.agent.weaving.MethodRegistry;
import io.cludeobs.agent.weaving.Weaver;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;

/**
 * The started agent: bootstrap classes, SDK, dispatcher, Byte Buddy and the JDK instrumentations.
 * Started once: when the first candidate class loads, on a background thread at start-up when a
 * JDK instrumentation is enabled, or at runtime attach.
 */
final class AgentRuntime {

  private final AgentConfig config;
  private final Map<Category, PointcutSet> pointcuts;
  private final Instrumentation inst;
  private MethodRegistry registry;
  private final DeferredWeaver candidates = new DeferredWeaver();
  /** The GenAI library transformer that {@link io.cludeobs.agent.genai.LibraryTrigger} hands classes to. */
  private final DeferredWeaver libraries = new DeferredWeaver();
  private boolean attached;
  private boolean started;
  private boolean failed;
  private boolean starting;

  AgentRuntime(AgentConfig config, Map<Category, PointcutSet> pointcuts, Instrumentation inst) {
    this.config = config;
    this.pointcuts = pointcuts;
    this.inst = inst;
  }

  /**
   * Starts the agent if needed and returns the transformer that weaves candidates, or null. A
   * candidate loaded by the starting thread itself (the SDK loads security providers, say) arrives
   * here re-entrantly: it gets the same transformer, which weaves once the start is complete.
   */
  synchronized ClassFileTransformer startForLazyWeaving() {
    if (!starting && !startCore()) {
      return null;
    }
    return candidates;
  }

  /**
   * Starts the agent if needed (waiting for a start in the background) and returns the transformer
   * for GenAI library classes.
   */
  synchronized ClassFileTransformer startForLibraries() {
    if (!starting && !startCore()) {
      return null;
    }
    return libraries;
  }

  /** Runtime attach: start now and weave already loaded classes too. */
  synchronized void startAndRetransform() {
    attached = true;
    if (startCore() && Weaver.anyPointcut(pointcuts)) {
      Weaver.builder(pointcuts, registry, true).installOn(inst);
    }
  }

  /** Old local store files go in the background, so that start-up never waits on the file system. */
  private void startRetention() {
    StoreRetention.startInBackground(
        config.dataDir(), config.retentionDays(), config.storeMaxBytes(), AgentLog::debug, AgentLog::info);
  }

  /**
   * JFR and the span log, when profiling is on. Starting a recording takes a few hundred milliseconds: on the
   * agent's own start thread it starts inline, so that the first spans are recorded; on an app thread that
   * happened to start the core, on a thread of its own (spans begun before it is ready are not in the span log).
   * A profiler that cannot start leaves the rest running.
   */
  private void startProfiler() {
    if (!config.profilingEnabled()) {
      return;
    }
    Runnable start =
        () -> {
          if (!ProfileRecorder.flushOncePerChunk(inst)) {
            AgentLog.debug("profiling: JFR flushes every second in this JVM (its flush interval cannot be set)");
          }
          ProfileRecorder recorder =
              ProfileRecorder.start(
                  config.dataDir(),
                  config.cpuProfiling(),
                  config.memoryProfiling(),
                  config.ioProfiling(),
                  config.cpuInterval(),
                  config.allocationRate(),
                  config.retentionDays(),
                  AgentLog::debug,
                  AgentLog::info);
          if (recorder != null) {
            CallDispatcher.profileSpans(recorder.spans());
          }
        };
    if (Thread.currentThread().getName().startsWith("clude-obs")) {
      start.run();
      return;
    }
    Thread starter = new Thread(start, "clude-obs-profiler-start");
    starter.setDaemon(true);
    starter.start();
  }

  /**
   * Starts the core on a daemon thread named {@code clude-obs-start} (its own file I/O is never
   * recorded). If a pointcut candidate loads first, that thread starts the core and this one finds
   * it started.
   */
  void startInBackground() {
    Thread starter = new Thread(this::startEagerly, "clude-obs-start");
    starter.setDaemon(true);
    starter.start();
  }

  private synchronized void startEagerly() {
    startCore();
  }

  /**
   * JVM and system metrics, and the profiler, run without any woven class, so they need the core started at
   * premain.
   */
  static boolean wantsAlwaysOnMetrics(AgentConfig config) {
    // the profiler samples the whole JVM from the start too, woven classes or not
    return config.metricsEnabled() && (config.jvmMetrics() || config.systemMetrics())
        || config.enabled() && config.profilingEnabled();
  }

  private boolean startCore() {
    if (started || failed || starting) {
      return started;
    }
    starting = true;
    try {
      long t0 = System.nanoTime();
      CludeObsAgent.appendBootstrapJar(inst);
      // this may run on an application thread: what the start does on disk is not the app's file I/O
      BridgeInstaller.suppressFileIo();
      try {
        return startWithBootstrap(t0);
      } finally {
        BridgeInstaller.unsuppressFileIo();
      }
    } catch (Throwable t) {
      failed = true;
      AgentLog.info("could not start, the application runs without it: " + t);
      if (AgentLog.isDebug()) {
        t.printStackTrace();
      }
      return false;
    } finally {
      starting = false;
    }
  }

  private boolean startWithBootstrap(long t0) throws Exception {
    // before any AgentBuilder exists: the executors and file-io installers make theirs first
    Weaver.disableNexus();
    // Weaving reads JDK class files through jrt: URLs. Loading that URL handler or its connection
    // class for the first time while another class is being transformed is a ClassCircularityError
    // (seen about once in 60 start-ups, every JDK class retransformed at that moment left unwoven),
    // so both are loaded here: opening a connection only creates it, nothing is read.
    java.net.URL jdkClass = ClassLoader.getSystemResource("java/lang/Object.class");
    if (jdkClass != null) {
      try {
        jdkClass.openConnection();
      } catch (java.io.IOException notNeeded) {
        // the classes are loaded before this can fail; weaving reports any real problem itself
      }
    }
    Telemetry telemetry = Telemetry.start(config);
    registry = new MethodRegistry(config.maxWovenMethods());
    HeadSampler sampler = new HeadSampler(config.tracingEnabled() ? config.samplingRate() : 0.0);
    Instruments instruments = new Instruments(telemetry.meter(), registry, config.metricsEnabled());
    BridgeInstaller.install(registry, telemetry.tracer(), sampler, instruments, SessionBaggage.from(config));
    try {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> telemetry.shutdown(config.shutdownTimeout()), "clude-obs-shutdown"));
    } catch (IllegalStateException exiting) {
      // started in the background and the app is already exiting: nothing left to observe
      failed = true;
      return false;
    }
    // the JDK first: once candidates are woven, a woven method may hand work off
    JdkInstrumentations.install(config, inst, telemetry, Weaver.anyPointcut(pointcuts));
    libraries.target = BridgeInstaller.installGenAi(config, inst, telemetry, sampler, instruments, attached);
    if (Weaver.anyPointcut(pointcuts)) {
      candidates.target = Weaver.builder(pointcuts, registry, false).makeRaw();
    }
    started = true;
    startRetention();
    startProfiler();
    AgentLog.debug("agent core started in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    return started;
  }

  /** The weaving transformer, handed out before it exists when a start re-enters itself. */
  static final class DeferredWeaver implements ClassFileTransformer {
    volatile ClassFileTransformer target;

    @Override
    public byte[] transform(
        Module module,
        ClassLoader loader,
        String className,
        Class<?> classBeingRedefined,
        ProtectionDomain protectionDomain,
        byte[] classfileBuffer)
        throws IllegalClassFormatException {
      ClassFileTransformer t = target;
      if (t == null) {
        return null;
      }
      // weaving reads class files on the application's thread: not the application's file I/O
      BridgeInstaller.suppressFileIo();
      try {
        return t.transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
      } finally {
        BridgeInstaller.unsuppressFileIo();
      }
    }
  }
}
