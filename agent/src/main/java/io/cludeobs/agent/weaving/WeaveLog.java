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
    if (isMissingType(throwable)) {
      // the class names a type its loader cannot find (an optional dependency that is absent, or an
      // interface another agent generated without a class file): nothing the user can or need fix
      AgentLog.debug(failure + " " + typeName + ": " + throwable);
      return;
    }
    AgentLog.once(onceKey + " " + typeName, failure + " " + typeName + ": " + throwable);
  }

  static boolean isMissingType(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String message = c.getMessage();
      if (c.getClass().getName().endsWith("NoSuchTypeException")
          || (message != null && message.startsWith("Cannot resolve type description for"))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void onTransformation(
      TypeDescription typeDescription, ClassLoader classLoader, JavaModule module, boolean loaded, DynamicType dynamicType) {
    AgentLog.debug(success + " " + typeDescription.getName());
  }
}
