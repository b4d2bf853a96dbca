package io.cludeobs.agent;

import io.cludeobs.agent.context.SessionBaggage;
import io.cludeobs.agent.tracing.CallDispatcher;
import io.cludeobs.agent.tracing.HeadSampler;
import io.cludeobs.agent.tracing.Instruments;
import io.cludeobs.agent.weaving.MethodRegistry;
import io.cludeobs.bootstrap.Bridge;
import io.opentelemetry.api.trace.Tracer;

/**
 * The only class that links against the bootstrap classes at start-up. Kept apart so the JVM's
 * verifier does not look for them before the bootstrap jar has been appended.
 */
final class BridgeInstaller {

  private BridgeInstaller() {}

  static void install(
      MethodRegistry registry, Tracer tracer, HeadSampler sampler, Instruments instruments, SessionBaggage session) {
    Bridge.install(new CallDispatcher(registry, tracer, sampler, instruments, session));
  }
}
