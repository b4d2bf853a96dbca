package io.cludeobs.agent.weaving;

import io.cludeobs.agent.AgentLog;
import io.cludeobs.agent.pointcut.Category;
import io.cludeobs.agent.pointcut.PointcutSet;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The transformer installed at start-up. It checks each loading class's name against the
 * pointcuts (no class file parsing) and hands only candidates to Byte Buddy; the first candidate
 * starts the rest of the agent. An app in which no pointcut can match never pays for Byte Buddy or
 * the SDK.
 */
public final class LazyWeaver implements ClassFileTransformer {

  private final Map<Category, PointcutSet> pointcuts;
  private final Supplier<ClassFileTransformer> start;
  private volatile ClassFileTransformer weaver;
  private volatile boolean failed;

  /**
   * @param start starts the agent and returns the Byte Buddy transformer, or null if it could not
   */
  public LazyWeaver(Map<Category, PointcutSet> pointcuts, Supplier<ClassFileTransformer> start) {
    this.pointcuts = pointcuts;
    this.start = start;
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String internalName,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer) {
    if (internalName == null || loader == null || failed) {
      return null;
    }
    try {
      if (!Weaver.mayMatch(pointcuts, internalName.replace('/', '.'))) {
        return null;
      }
      ClassFileTransformer delegate = weaver;
      if (delegate == null && classBeingRedefined != null) {
        // another agent retransforms a class while the core is not up: starting it here would wait
        // for a start in the background that itself waits for this retransformation to end
        return null;
      }
      if (delegate == null) {
        delegate = start.get();
        if (delegate == null) {
          failed = true;
          return null;
        }
        weaver = delegate;
      }
      return delegate.transform(
          module, loader, internalName, classBeingRedefined, protectionDomain, classfileBuffer);
    } catch (Throwable t) {
      AgentLog.once("lazy-weaver " + t.getClass().getName(), "could not weave " + internalName + ": " + t);
      return null;
    }
  }
}
