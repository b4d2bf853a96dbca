package io.cludeobs.instrumentation.pointcuts;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/** Gives each woven method an id at transform time; the agent keeps what it needs per id. */
public interface MethodRegistrar {

  /**
   * @param category the pointcut category that selected the method: task, llm, tool or span
   * @return a non-negative id, stable for this method in this JVM
   */
  int register(String category, TypeDescription type, MethodDescription method);
}
