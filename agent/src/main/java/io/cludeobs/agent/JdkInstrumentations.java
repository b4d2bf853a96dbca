package io.cludeobs.agent;

import io.cludeobs.agent.config.AgentConfig;
import io.cludeobs.agent.context.ExecutorsInstaller;
import io.cludeobs.agent.context.LogCorrelationInstaller;
import io.cludeobs.agent.fileio.FileIoInstaller;
import io.cludeobs.agent.sdk.Telemetry;
import java.lang.instrument.Instrumentation;

/**
 * The instrumentations of JDK classes, which are "always on": they record outside traces and in
 * apps without pointcuts, so the core starts for them at once. Each is a separate method that
 * fails alone: the rest of the agent runs.
 */
final class JdkInstrumentations {

  private JdkInstrumentations() {}

  /** Whether any always-on instrumentation is enabled, i.e. the core must start without waiting. */
  static boolean anyEnabled(AgentConfig config) {
    return config.instrumentationEnabled("file-io");
  }

  /**
   * Called by the core once the bootstrap jar, SDK and dispatcher are up.
   *
   * @param weaving whether pointcuts are woven: without them no trace context exists to carry
   */
  static void install(AgentConfig config, Instrumentation inst, Telemetry telemetry, boolean weaving) {
    if (weaving) {
      installExecutors(config, inst);
      installLogCorrelation(config, inst);
    }
    installFileIo(config, inst, telemetry);
  }

  /**
   * Not always-on: until a woven method has run there is no trace context to carry, so it does
   * not make the core start early.
   */
  private static void installExecutors(AgentConfig config, Instrumentation inst) {
    if (!config.instrumentationEnabled("executors")) {
      AgentLog.debug("executors instrumentation switched off: a trace context stays on its thread");
      return;
    }
    try {
      ExecutorsInstaller.install(inst);
    } catch (Throwable t) {
      AgentLog.info(
          "executors instrumentation could not start (" + t + "); work on other threads starts traces of its own;"
              + " set clude.obs.instrumentation.executors.enabled=false to silence this");
    }
  }

  /** Only with pointcuts: log lines carry ids only while a span is current. */
  private static void installLogCorrelation(AgentConfig config, Instrumentation inst) {
    if (!config.instrumentationEnabled("log-correlation")) {
      return;
    }
    try {
      LogCorrelationInstaller.install(inst);
    } catch (Throwable t) {
      AgentLog.info(
          "log-correlation instrumentation could not start (" + t + "); log lines carry no trace ids;"
              + " set clude.obs.instrumentation.log-correlation.enabled=false to silence this");
    }
  }

  private static void installFileIo(AgentConfig config, Instrumentation inst, Telemetry telemetry) {
    if (!config.instrumentationEnabled("file-io")) {
      return;
    }
    try {
      FileIoInstaller.install(
          config, inst, telemetry.tracer(), telemetry.meter(), telemetry.fileIoMetrics(), config.storeMaxFileBytes());
    } catch (Throwable t) {
      AgentLog.info(
          "file-io instrumentation could not start (" + t + "); the rest of the agent runs;"
              + " set clude.obs.instrumentation.file-io.enabled=false to silence this");
    }
  }
}
