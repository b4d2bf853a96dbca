package io.cludeobs.agent.pointcut;

import java.util.Objects;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** One parsed pointcut expression with its precomputed Byte Buddy matchers; see the package docs. */
public final class Pointcut {
  private static final String EXAMPLE = "'com.acme.tools.*Tool+#execute'";

  private final String text;
  private final boolean exclusion;
  private final ElementMatcher.Junction<TypeDescription> typeMatcher;
  private final ElementMatcher.Junction<MethodDescription> methodMatcher;
  /** The type glob when the type name alone decides (no '+', no annotation); else null. */
  private final TypeGlob nameOnly;

  private Pointcut(
      String text,
      boolean exclusion,
      ElementMatcher.Junction<TypeDescription> typeMatcher,
      ElementMatcher.Junction<MethodDescription> methodMatcher,
      TypeGlob nameOnly) {
    this.text = text;
    this.exclusion = exclusion;
    this.typeMatcher = typeMatcher;
    this.methodMatcher = methodMatcher;
    this.nameOnly = nameOnly;
  }

  /**
   * Parses one expression.
   *
   * @throws PointcutSyntaxException if it does not follow the language
   * @throws PointcutRefusedException if it would match every method, or only JDK or agent classes
   */
  public static Pointcut parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.strip();
    PointcutParser parsed = PointcutParser.parse(trimmed);
    if (parsed.annotationName != null) {
      return new Pointcut(
          trimmed,
          parsed.exclusion,
          new PointcutMatchers.AnnotatedTypeMatcher(parsed.annotationName),
          new PointcutMatchers.AnnotatedMethodMatcher(parsed.annotationName),
          null);
    }
    TypeGlob glob = TypeGlob.compile(parsed.typeGlob);
    refuseIfUseless(trimmed, glob, parsed.subtypes, parsed.methodGlob);
    return new Pointcut(
        trimmed,
        parsed.exclusion,
        new PointcutMatchers.TypeGlobMatcher(glob, parsed.subtypes),
        new PointcutMatchers.TypeMethodMatcher(
            glob, parsed.subtypes, parsed.methodGlob, parsed.parameters),
        parsed.subtypes ? null : glob);
  }

  private static void refuseIfUseless(
      String text, TypeGlob glob, boolean subtypes, String methodGlob) {
    boolean anyType = glob.isAllWildcards() || (subtypes && glob.text().equals("java.lang.Object"));
    if (anyType && Glob.only(methodGlob, "*")) {
      throw new PointcutRefusedException(
          text,
          "it selects every method of every class; name your own classes or methods instead, e.g. "
              + EXAMPLE);
    }
    if (subtypes) {
      // 'java.util.concurrent.Callable+' selects the application's own implementations, which is useful
      return;
    }
    String prefix = glob.literalPrefix();
    for (String ignored : PointcutMatchers.IGNORED_PREFIXES) {
      if (prefix.startsWith(ignored)) {
        boolean agent = ignored.equals("io.cludeobs.") || ignored.equals("net.bytebuddy.");
        throw new PointcutRefusedException(
            text,
            "type pattern '"
                + glob.text()
                + "' can only match "
                + (agent ? "clude-obs or Byte Buddy" : "JDK")
                + " classes ("
                + ignored
                + "), which are never woven; name your own classes, e.g. "
                + EXAMPLE
                + ", or add '+' to select your subtypes of a type");
      }
    }
  }

  /** True for {@code !} expressions, whose methods are removed from the category. */
  public boolean isExclusion() {
    return exclusion;
  }

  /**
   * Types that may declare matching methods; checks names (or annotations) before walking supertypes,
   * which only {@code +} patterns do. Never matches {@link #ignoredTypes()}.
   */
  public ElementMatcher.Junction<TypeDescription> typeMatcher() {
    return typeMatcher;
  }

  /**
   * Methods this expression selects: declaring type, name, parameters, and the never-matched rules
   * (constructors, initializers, synthetic, bridge, abstract and native methods).
   */
  public ElementMatcher.Junction<MethodDescription> methodMatcher() {
    return methodMatcher;
  }

  /**
   * Whether a class of this binary name may declare methods this pointcut selects, judged from the
   * name alone without reading any class file: exact for plain type globs, always true for {@code +}
   * and annotation forms (they need the class file). The agent uses it to stay idle until a
   * candidate class loads.
   */
  public boolean mayMatchTypeName(String binaryName) {
    return !PointcutMatchers.isIgnored(binaryName) && (nameOnly == null || nameOnly.matches(binaryName));
  }

  /** Whether a class of this binary name is never woven (JDK, this agent, Byte Buddy). */
  public static boolean isIgnoredTypeName(String binaryName) {
    return PointcutMatchers.isIgnored(binaryName);
  }

  /** Types that are never woven: JDK, this agent and Byte Buddy, by name prefix. */
  public static ElementMatcher.Junction<TypeDescription> ignoredTypes() {
    return PointcutMatchers.IGNORED_TYPES;
  }

  /** The original expression, trimmed. */
  @Override
  public String toString() {
    return text;
  }
}
