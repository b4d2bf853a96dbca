package io.cludeobs.agent.pointcut;

import io.cludeobs.agent.config.ProblemReporter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** The include and exclude pointcuts of one category, combined into one type and one method matcher. */
public final class PointcutSet {
  private static final PointcutSet EMPTY =
      new PointcutSet(Collections.<Pointcut>emptyList(), Collections.<Pointcut>emptyList());

  private final List<Pointcut> includes;
  private final List<Pointcut> excludes;
  private final Pointcut[] includeArray;
  private final Pointcut[] excludeArray;
  private final ElementMatcher.Junction<TypeDescription> typeMatcher;
  private final ElementMatcher.Junction<MethodDescription> methodMatcher;

  private PointcutSet(List<Pointcut> includes, List<Pointcut> excludes) {
    this.includes = Collections.unmodifiableList(includes);
    this.excludes = Collections.unmodifiableList(excludes);
    this.includeArray = includes.toArray(new Pointcut[0]);
    this.excludeArray = excludes.toArray(new Pointcut[0]);
    this.typeMatcher = new SetTypeMatcher(includeArray);
    this.methodMatcher = new SetMethodMatcher(this);
  }

  /**
   * Parses every expression; each bad one is reported as ONE line via problems and skipped; the rest
   * are kept. Line format: {@code "<settingName>: <exception message>; fix the expression (see
   * docs/configuration.md#pointcuts)"}. Blank entries (as left by a trailing {@code ;}) are skipped
   * silently.
   */
  public static PointcutSet parse(
      String settingName, List<String> expressions, ProblemReporter problems) {
    Objects.requireNonNull(settingName, "settingName");
    Objects.requireNonNull(expressions, "expressions");
    Objects.requireNonNull(problems, "problems");
    List<Pointcut> includes = new ArrayList<>();
    List<Pointcut> excludes = new ArrayList<>();
    for (String expression : expressions) {
      if (expression == null || expression.isBlank()) {
        continue;
      }
      Pointcut pointcut;
      try {
        pointcut = Pointcut.parse(expression);
      } catch (PointcutSyntaxException | PointcutRefusedException e) {
        problems.report(
            settingName
                + ": "
                + e.getMessage()
                + "; fix the expression (see docs/configuration.md#pointcuts)");
        continue;
      }
      (pointcut.isExclusion() ? excludes : includes).add(pointcut);
    }
    if (includes.isEmpty() && excludes.isEmpty()) {
      return EMPTY;
    }
    return new PointcutSet(includes, excludes);
  }

  /** A set that selects nothing. */
  public static PointcutSet empty() {
    return EMPTY;
  }

  /** True if there are no include expressions, so nothing is selected. */
  public boolean isEmpty() {
    return includes.isEmpty();
  }

  /** The include expressions, in setting order. */
  public List<Pointcut> includes() {
    return includes;
  }

  /** The {@code !} expressions, in setting order. */
  public List<Pointcut> excludes() {
    return excludes;
  }

  /** Any include's type matcher, never an {@link Pointcut#ignoredTypes() ignored} type. */
  public ElementMatcher.Junction<TypeDescription> typeMatcher() {
    return typeMatcher;
  }

  /** Any include's method matcher, unless an exclude matches the method. */
  public ElementMatcher.Junction<MethodDescription> methodMatcher() {
    return methodMatcher;
  }

  /** Whether any include may select methods of a class of this name; see {@link Pointcut#mayMatchTypeName}. */
  public boolean mayMatchTypeName(String binaryName) {
    for (Pointcut p : includes()) {
      if (p.mayMatchTypeName(binaryName)) {
        return true;
      }
    }
    return false;
  }

  /** Which include pointcut selects this method (first match), or null. For reports. */
  public Pointcut selecting(MethodDescription method) {
    Pointcut first = null;
    for (Pointcut include : includeArray) {
      if (include.methodMatcher().matches(method)) {
        first = include;
        break;
      }
    }
    if (first == null || isExcluded(method)) {
      return null;
    }
    return first;
  }

  private boolean isExcluded(MethodDescription method) {
    for (Pointcut exclude : excludeArray) {
      if (exclude.methodMatcher().matches(method)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "PointcutSet{includes=" + includes + ", excludes=" + excludes + "}";
  }

  private static final class SetTypeMatcher
      extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
    private final Pointcut[] includes;

    SetTypeMatcher(Pointcut[] includes) {
      this.includes = includes;
    }

    @Override
    public boolean matches(TypeDescription type) {
      // the ignore check first: it is a few startsWith calls and spares JDK classes any supertype walk
      if (includes.length == 0 || PointcutMatchers.isIgnored(type.getName())) {
        return false;
      }
      for (Pointcut include : includes) {
        if (include.typeMatcher().matches(type)) {
          return true;
        }
      }
      return false;
    }
  }

  private static final class SetMethodMatcher
      extends ElementMatcher.Junction.AbstractBase<MethodDescription> {
    private final PointcutSet set;

    SetMethodMatcher(PointcutSet set) {
      this.set = set;
    }

    @Override
    public boolean matches(MethodDescription method) {
      for (Pointcut include : set.includeArray) {
        if (include.methodMatcher().matches(method)) {
          return !set.isExcluded(method);
        }
      }
      return false;
    }
  }
}
