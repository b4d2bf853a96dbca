package io.cludeobs.agent;

import io.cludeobs.agent.config.AgentConfig;
import io.cludeobs.agent.config.ConfigSources;
import io.cludeobs.agent.config.ProblemReporter;
import io.cludeobs.agent.pointcut.Category;
import io.cludeobs.agent.pointcut.PointcutSet;
import io.cludeobs.agent.sdk.Telemetry;
import io.cludeobs.agent.tracing.CallDispatcher;
import io.cludeobs.agent.tracing.HeadSampler;
import io.cludeobs.agent.tracing.Instruments;
import io.cludeobs.agent.weaving.MethodRegistry;
import io.cludeobs.agent.weaving.Weaver;
import io.cludeobs.bootstrap.Bridge;
import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** Wires configuration, SDK, dispatcher and weaving; runs after the bootstrap jar is in place. */
final class AgentStarter {

  private AgentStarter() {}

  static void start(String agentArgs, Instrumentation inst, boolean attached) {
    ProblemReporter problems = ProblemReporter.stderr();
    AgentConfig config = AgentConfig.load(sources(agentArgs), problems);
    AgentLog.setDebug(config.debug());
    if (!config.enabled()) {
      AgentLog.debug("disabled by clude.obs.enabled=false");
      return;
    }
    Map<Category, PointcutSet> pointcuts = Weaver.pointcuts(config, problems);
    Telemetry telemetry = Telemetry.start(config);
    MethodRegistry registry = new MethodRegistry(config.maxWovenMethods());
    HeadSampler sampler = new HeadSampler(config.tracingEnabled() ? config.samplingRate() : 0.0);
    Instruments instruments = new Instruments(telemetry.meter(), registry);
    Bridge.install(new CallDispatcher(registry, telemetry.tracer(), sampler, instruments));
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> telemetry.shutdown(config.shutdownTimeout()), "clude-obs-shutdown"));
    if (config.instrumentationEnabled("configured-pointcuts")) {
      Weaver.install(inst, pointcuts, registry, attached);
    }
    AgentLog.debug("started " + (attached ? "by attach" : "as -javaagent") + "\n" + config.describe());
  }

  /**
   * System properties, overridden by agent arguments {@code key=value|key=value} (keys with or
   * without the {@code clude.obs.} prefix): with runtime attach they are the only way to configure.
   */
  private static ConfigSources sources(String agentArgs) {
    Map<String, String> props = new HashMap<>();
    Properties system = System.getProperties();
    for (String name : system.stringPropertyNames()) {
      props.put(name, system.getProperty(name));
    }
    if (agentArgs != null && !agentArgs.trim().isEmpty()) {
      for (String pair : agentArgs.split("\\|")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          String key = pair.substring(0, eq).trim();
          if (!key.startsWith("clude.obs.") && !key.startsWith("otel.")) {
            key = "clude.obs." + key;
          }
          props.put(key, pair.substring(eq + 1).trim());
        }
      }
    }
    return ConfigSources.of(props, System.getenv(), java.nio.file.Paths.get("").toAbsolutePath());
  }
}
