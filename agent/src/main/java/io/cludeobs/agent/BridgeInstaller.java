package io.cludeobs.agent;

import io.cludeobs.agent.config.AgentConfig;
import io.cludeobs.agent.genai.GenAiInstaller;
import io.cludeobs.agent.sdk.Telemetry;
import io.cludeobs.agent.context.SessionBaggage;
import io.cludeobs.agent.tracing.CallDispatcher;
import io.cludeobs.agent.tracing.HeadSampler;
import io.cludeobs.agent.tracing.Instruments;
import io.cludeobs.agent.weaving.MethodRegistry;
import io.cludeobs.bootstrap.Bridge;
import io.cludeobs.bootstrap.FileIo;
import io.opentelemetry.api.trace.Tracer;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;

/**
 * The only class that links against the bootstrap classes at start-up. Kept apart so the JVM's
 * verifier does not look for them before the bootstrap jar has been appended.
 */
final class BridgeInstaller {

  private BridgeInstaller() {}

  /** Keeps the agent's own file I/O on this thread out of the recording; see {@link FileIo#suppress()}. */
  static void suppressFileIo() {
    FileIo.suppress();
  }

  static void unsuppressFileIo() {
    FileIo.unsuppress();
  }

  static void install(
      MethodRegistry registry, Tracer tracer, HeadSampler sampler, Instruments instruments, SessionBaggage session) {
    Bridge.install(new CallDispatcher(registry, tracer, sampler, instruments, session));
  }

  /**
   * The GenAI library instrumentations; a failure costs them only, never the rest of the agent.
   *
   * @return the transformer for library classes the trigger sees, or null
   */
  static ClassFileTransformer installGenAi(
      AgentConfig config,
      Instrumentation inst,
      Telemetry telemetry,
      HeadSampler sampler,
      Instruments instruments,
      boolean retransform) {
    try {
      return GenAiInstaller.install(
          config, inst, telemetry.tracer(), telemetry.meter(), sampler, instruments, retransform);
    } catch (Throwable t) {
      AgentLog.info(
          "GenAI library instrumentations could not start (" + t + "); the rest of the agent runs;"
              + " set clude.obs.instrumentation.openai-java.enabled=false to silence this");
      return null;
    }
  }
}
