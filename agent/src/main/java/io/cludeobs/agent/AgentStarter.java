package io.cludeobs.agent;

import io.cludeobs.agent.config.AgentConfig;
import io.cludeobs.agent.config.ConfigSources;
import io.cludeobs.agent.config.ProblemReporter;
import io.cludeobs.agent.genai.LibraryTrigger;
import io.cludeobs.agent.pointcut.Category;
import io.cludeobs.agent.pointcut.PointcutSet;
import io.cludeobs.agent.weaving.LazyWeaver;
import io.cludeobs.agent.weaving.Weaver;
import java.lang.instrument.Instrumentation;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the configuration and decides how much of the agent to start. With {@code -javaagent}
 * a name filter is installed for the pointcuts; the SDK and Byte Buddy start when the first class
 * that a pointcut may select loads, or at once on a daemon thread when a JDK instrumentation
 * (file-io) is enabled. With runtime attach everything starts at once and loaded classes are
 * retransformed.
 */
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
    boolean weaving = config.instrumentationEnabled("configured-pointcuts") && Weaver.anyPointcut(pointcuts);
    boolean alwaysOn = JdkInstrumentations.anyEnabled(config) || AgentRuntime.wantsAlwaysOnMetrics(config);
    List<String> libraries = LibraryTrigger.prefixes(config);
    if (!weaving && !alwaysOn && libraries.isEmpty()) {
      AgentLog.debug("no pointcuts configured, no JDK instrumentation and no JVM/system metrics enabled: nothing to do");
      return;
    }
    AgentRuntime runtime =
        new AgentRuntime(config, weaving ? pointcuts : Collections.<Category, PointcutSet>emptyMap(), inst);
    if (attached) {
      runtime.startAndRetransform();
    } else {
      if (weaving) {
        inst.addTransformer(new LazyWeaver(pointcuts, runtime::startForLazyWeaving), false);
      }
      if (!libraries.isEmpty()) {
        inst.addTransformer(new LibraryTrigger(libraries, runtime::startForLibraries), false);
      }
      if (alwaysOn) {
        // the JDK instrumentations record from the start, not from the first candidate class; the
        // app's main thread must not pay for the SDK and Byte Buddy, so a daemon thread starts them
        runtime.startInBackground();
      }
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
    return ConfigSources.of(props, System.getenv(), Paths.get("").toAbsolutePath());
  }
}
