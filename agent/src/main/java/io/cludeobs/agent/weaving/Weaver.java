package io.cludeobs.agent.weaving;

import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.cludeobs.agent.config.AgentConfig;
import io.cludeobs.agent.config.ProblemReporter;
import io.cludeobs.agent.pointcut.Category;
import io.cludeobs.agent.pointcut.Pointcut;
import io.cludeobs.agent.pointcut.PointcutSet;
import io.cludeobs.instrumentation.pointcuts.ConfiguredPointcutsInstrumentation;
import java.util.EnumMap;
import java.util.Map;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Turns the configured pointcuts into a Byte Buddy agent builder and installs it. */
public final class Weaver {

  /**
   * The OpenTelemetry Java agent's own classes, which no clude-obs instrumentation weaves. Built at run time: the
   * shade plugin would relocate the literal into io.cludeobs.shaded.
   */
  public static final String OTEL_JAVAAGENT_PACKAGE = String.join(".", "io", "opentelemetry", "javaagent", "");

  private Weaver() {}

  /** Parses each category's pointcuts; bad expressions are reported and skipped. */
  public static Map<Category, PointcutSet> pointcuts(AgentConfig config, ProblemReporter problems) {
    Map<Category, PointcutSet> sets = new EnumMap<>(Category.class);
    for (Category c : Category.values()) {
      sets.put(c, PointcutSet.parse("clude.obs.pointcuts." + c.key(), config.pointcuts(c), problems));
    }
    return sets;
  }

  /** Whether any category has at least one include pointcut. */
  public static boolean anyPointcut(Map<Category, PointcutSet> sets) {
    for (PointcutSet set : sets.values()) {
      if (!set.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The agent builder that weaves every category's pointcuts.
   *
   * @param retransform also weave classes loaded before now (runtime attach)
   */
  public static AgentBuilder builder(Map<Category, PointcutSet> sets, MethodRegistry registry, boolean retransform) {
    disableNexus();
    AgentBuilder builder =
        new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(
                retransform
                    ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION
                    : AgentBuilder.RedefinitionStrategy.DISABLED)
            .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
            .with(new WeaveLog("weave-error", "could not weave", "woven"))
            // the JDK, the agent and its shaded libraries (and the OpenTelemetry Java agent's) are never woven by
            // user pointcuts
            .ignore(
                Pointcut.ignoredTypes()
                    .or(nameStartsWith("io.cludeobs."))
                    .or(nameStartsWith(Weaver.OTEL_JAVAAGENT_PACKAGE))
                    .or(isSynthetic()),
                isBootstrapClassLoader());
    ElementMatcher.Junction<MethodDescription> taken = null;
    for (Category c : Category.values()) {
      PointcutSet set = sets.get(c);
      if (set == null || set.isEmpty()) {
        continue;
      }
      ElementMatcher.Junction<MethodDescription> methods = set.methodMatcher();
      // a method selected by two categories is woven once, by the first (task, llm, tool, span)
      ElementMatcher.Junction<MethodDescription> own = taken == null ? methods : methods.and(not(taken));
      builder = ConfiguredPointcutsInstrumentation.apply(builder, c.key(), set.typeMatcher(), own, registry);
      taken = taken == null ? methods : taken.or(methods);
    }
    return builder;
  }

  /**
   * Byte Buddy's "nexus" (class initializers for class format changes, which we never make) is set
   * up with sun.misc.Unsafe, which JDK 24+ warns about on stderr. Switched off through the relocated
   * name of its system property only, so an application's own Byte Buddy is not affected. Must run
   * before the first {@code AgentBuilder.Default} is made (the core start does it first).
   */
  public static void disableNexus() {
    // derived from the package at run time: the shade plugin would rewrite a literal name
    String builderPackage = AgentBuilder.class.getPackage().getName();
    String root = builderPackage.substring(0, builderPackage.length() - ".agent.builder".length());
    String property = root + ".nexus.disabled";
    if (root.startsWith("io.cludeobs.") && System.getProperty(property) == null) {
      System.setProperty(property, "true");
    }
  }

  /** Whether a class of this binary name may hold methods of any category, by name alone. */
  public static boolean mayMatch(Map<Category, PointcutSet> sets, String binaryName) {
    for (PointcutSet set : sets.values()) {
      if (set.mayMatchTypeName(binaryName)) {
        return true;
      }
    }
    return false;
  }
}
