package io.cludeobs.agent.weaving;

import io.cludeobs.agent.AgentLog;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/** Weaving failures are logged once per type and never reach the application; successes at debug level. */
public final class WeaveLog extends AgentBuilder.Listener.Adapter {

  private final String onceKey;
  private final String failure;
  private final String success;

  /**
   * @param onceKey what keeps one line per type for this instrumentation
   * @param failure the start of the failure line, followed by the type name
   * @param success the start of the debug line, followed by the type name
   */
  public WeaveLog(String onceKey, String failure, String success) {
    this.onceKey = onceKey;
    this.failure = failure;
    this.success = success;
  }

  @Override
  public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
    AgentLog.once(onceKey + " " + typeName, failure + " " + typeName + ": " + throwable);
  }

  @Override
  public void onTransformation(
      TypeDescription typeDescription, ClassLoader classLoader, JavaModule module, boolean loaded, DynamicType dynamicType) {
    AgentLog.debug(success + " " + typeDescription.getName());
  }
}
