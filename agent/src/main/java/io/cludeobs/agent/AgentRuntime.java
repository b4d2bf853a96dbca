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
import java.lang.instrument.Instrumentation;
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

  AgentRuntime(AgentConfig config, Map<Category, PointcutSet> pointcuts, Instrumentation inst) {
    this.config = config;
    this.pointcuts = pointcuts;
    this.inst = inst;
  }

  /** Starts the agent if needed and returns the transformer that weaves candidates, or null. */
  synchronized ClassFileTransformer startForLazyWeaving() {
    if (!startCore()) {
      return null;
    }
    return Weaver.builder(pointcuts, registry, false).makeRaw();
  }

  /** Runtime attach: start now and weave already loaded classes too. */
  synchronized void startAndRetransform() {
    if (startCore()) {
      Weaver.builder(pointcuts, registry, true).installOn(inst);
    }
  }

  private boolean startCore() {
    if (started || failed) {
      return started;
    }
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
    }
    return started;
  }
}
