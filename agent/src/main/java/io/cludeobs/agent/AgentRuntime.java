package io.cludeobs.agent;

import io.cludeobs.agent.config.AgentConfig;
import io.cludeobs.agent.pointcut.Category;
import io.cludeobs.agent.pointcut.PointcutSet;
import io.cludeobs.agent.sdk.Telemetry;
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
 * The started agent: bootstrap classes, SDK, dispatcher and Byte Buddy. Started once, either when
 * the first candidate class loads or at runtime attach.
 */
final class AgentRuntime {

  private final AgentConfig config;
  private final Map<Category, PointcutSet> pointcuts;
  private final Instrumentation inst;
  private MethodRegistry registry;
  private boolean started;
  private boolean failed;
  private boolean starting;
  private ClassFileTransformer lazyTransformer;

  AgentRuntime(AgentConfig config, Map<Category, PointcutSet> pointcuts, Instrumentation inst) {
    this.config = config;
    this.pointcuts = pointcuts;
    this.inst = inst;
  }

  /** Starts the agent if needed and returns the transformer that weaves candidates, or null. */
  synchronized ClassFileTransformer startForLazyWeaving() {
    if (starting) {
      // Re-entered by the background start, which loads classes through the lazy weaver (the JVM
      // only stops such re-entry inside a transform). Hand out a forwarder, not null: null would
      // switch the lazy weaver off for good.
      return new ClassFileTransformer() {
        @Override
        public byte[] transform(
            Module module,
            ClassLoader loader,
            String name,
            Class<?> redefined,
            ProtectionDomain domain,
            byte[] bytes)
            throws IllegalClassFormatException {
          ClassFileTransformer t = lazyTransformer();
          return t == null ? null : t.transform(module, loader, name, redefined, domain, bytes);
        }
      };
    }
    return lazyTransformer();
  }

  /** Byte Buddy's transformer, built once; null while this thread is still starting, or if start failed. */
  private synchronized ClassFileTransformer lazyTransformer() {
    if (starting || !startCore()) {
      return null;
    }
    if (lazyTransformer == null) {
      lazyTransformer = Weaver.builder(pointcuts, registry, false).makeRaw();
    }
    return lazyTransformer;
  }

  /** Runtime attach: start now and weave already loaded classes too. */
  synchronized void startAndRetransform() {
    if (startCore()) {
      Weaver.builder(pointcuts, registry, true).installOn(inst);
    }
  }

  /** JVM and system metrics run without any woven class, so they need the core started at premain. */
  static boolean wantsAlwaysOnMetrics(AgentConfig config) {
    return config.metricsEnabled() && (config.jvmMetrics() || config.systemMetrics());
  }

  /**
   * Starts the core on a daemon thread so that the SDK's start-up cost stays off the
   * application's main thread; a woven class loading first simply starts it itself.
   */
  void startInBackground() {
    Thread t =
        new Thread(
            () -> {
              synchronized (AgentRuntime.this) {
                startCore();
              }
            },
            "clude-obs-start");
    t.setDaemon(true);
    t.start();
  }

  private boolean startCore() {
    if (started || failed) {
      return started;
    }
    starting = true;
    try {
      long t0 = System.nanoTime();
      CludeObsAgent.appendBootstrapJar(inst);
      Telemetry telemetry = Telemetry.start(config);
      registry = new MethodRegistry(config.maxWovenMethods());
      HeadSampler sampler = new HeadSampler(config.tracingEnabled() ? config.samplingRate() : 0.0);
      Instruments instruments = new Instruments(telemetry.meter(), registry);
      BridgeInstaller.install(registry, telemetry.tracer(), sampler, instruments);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> telemetry.shutdown(config.shutdownTimeout()), "clude-obs-shutdown"));
      started = true;
      AgentLog.debug("agent core started in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    } catch (Throwable t) {
      failed = true;
      AgentLog.info("could not start, the application runs without it: " + t);
    } finally {
      starting = false;
    }
    return started;
  }
}
