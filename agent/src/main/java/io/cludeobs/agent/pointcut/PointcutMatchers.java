package io.cludeobs.agent.pointcut;

import net.bytebuddy.description.annotation.AnnotationList;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.description.type.TypeList;
import net.bytebuddy.matcher.ElementMatcher;

/** The Byte Buddy matchers behind {@link Pointcut}; each checks names before resolving anything. */
final class PointcutMatchers {
  private PointcutMatchers() {}

  // JDK classes, this agent (including its shaded copies) and Byte Buddy: weaving them would recurse
  // into the agent itself or touch classes loaded before any app code could care.
  static final String[] IGNORED_PREFIXES = {
    "java.", "javax.", "jdk.", "sun.", "com.sun.", "io.cludeobs.", "net.bytebuddy."
  };

  static final ElementMatcher.Junction<TypeDescription> IGNORED_TYPES = new IgnoredTypes();

  static boolean isIgnored(String typeName) {
    for (String prefix : IGNORED_PREFIXES) {
      if (typeName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Constructors, initializers, synthetic, bridge, abstract and native methods are never woven. */
  static boolean isWeavable(MethodDescription method) {
    return method.isMethod()
        && !method.isSynthetic()
        && !method.isBridge()
        && !method.isAbstract()
        && !method.isNative();
  }

  static boolean hasAnnotation(AnnotationList annotations, String annotationName) {
    for (int i = 0; i < annotations.size(); i++) {
      if (annotations.get(i).getAnnotationType().getName().equals(annotationName)) {
        return true;
      }
    }
    return false;
  }

  /** True if the type's name matches, or, with {@code subtypes}, any supertype's name does. */
  static boolean typeMatches(TypeGlob glob, boolean subtypes, TypeDescription type) {
    if (glob.matches(type.getName())) {
      return true;
    }
    return subtypes && hasMatchingSuperType(glob, type);
  }

  private static boolean hasMatchingSuperType(TypeGlob glob, TypeDefinition type) {
    TypeDescription.Generic superClass = type.getSuperClass();
    if (superClass != null && matchesOrInherits(glob, superClass.asErasure())) {
      return true;
    }
    TypeList.Generic interfaces = type.getInterfaces();
    for (int i = 0; i < interfaces.size(); i++) {
      if (matchesOrInherits(glob, interfaces.get(i).asErasure())) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesOrInherits(TypeGlob glob, TypeDescription type) {
    String name = type.getName();
    if (glob.matches(name)) {
      return true;
    }
    // java.* types only extend java.* types, so for most globs the walk ends here (at Object at the latest)
    if (!glob.mayMatchJavaPackage() && name.startsWith("java.")) {
      return false;
    }
    return hasMatchingSuperType(glob, type);
  }

  /** {@link Pointcut#ignoredTypes()}. */
  static final class IgnoredTypes extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
    @Override
    public boolean matches(TypeDescription type) {
      return isIgnored(type.getName());
    }

    @Override
    public String toString() {
      return "ignoredTypes()";
    }
  }

  /** Type matcher of the type-method form. */
  static final class TypeGlobMatcher extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
    private final TypeGlob glob;
    private final boolean subtypes;

    TypeGlobMatcher(TypeGlob glob, boolean subtypes) {
      this.glob = glob;
      this.subtypes = subtypes;
    }

    @Override
    public boolean matches(TypeDescription type) {
      return !isIgnored(type.getName()) && typeMatches(glob, subtypes, type);
    }

    @Override
    public String toString() {
      return glob + (subtypes ? "+" : "");
    }
  }

  /** Method matcher of the type-method form. */
  static final class TypeMethodMatcher
      extends ElementMatcher.Junction.AbstractBase<MethodDescription> {
    private final TypeGlob typeGlob;
    private final boolean subtypes;
    private final String methodGlob;
    private final ParameterPattern parameters;

    TypeMethodMatcher(
        TypeGlob typeGlob, boolean subtypes, String methodGlob, ParameterPattern parameters) {
      this.typeGlob = typeGlob;
      this.subtypes = subtypes;
      this.methodGlob = methodGlob;
      this.parameters = parameters;
    }

    @Override
    public boolean matches(MethodDescription method) {
      if (!isWeavable(method)) {
        return false;
      }
      String name = method.getInternalName();
      if (!Glob.matches(methodGlob, name, 0, name.length())) {
        return false;
      }
      TypeDescription declaringType = method.getDeclaringType().asErasure();
      return !isIgnored(declaringType.getName())
          && parameters.matches(method.getParameters())
          && typeMatches(typeGlob, subtypes, declaringType);
    }

    @Override
    public String toString() {
      return typeGlob + (subtypes ? "+#" : "#") + methodGlob;
    }
  }

  /** Type matcher of the annotation form: the type or one of its weavable methods is annotated. */
  static final class AnnotatedTypeMatcher
      extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
    private final String annotationName;

    AnnotatedTypeMatcher(String annotationName) {
      this.annotationName = annotationName;
    }

    @Override
    public boolean matches(TypeDescription type) {
      if (isIgnored(type.getName())) {
        return false;
      }
      if (hasAnnotation(type.getDeclaredAnnotations(), annotationName)) {
        return true;
      }
      MethodList<MethodDescription.InDefinedShape> methods = type.getDeclaredMethods();
      for (int i = 0; i < methods.size(); i++) {
        MethodDescription method = methods.get(i);
        if (hasAnnotation(method.getDeclaredAnnotations(), annotationName)
            && isWeavable(method)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return "@" + annotationName;
    }
  }

  /** Method matcher of the annotation form: annotated methods and public methods of annotated types. */
  static final class AnnotatedMethodMatcher
      extends ElementMatcher.Junction.AbstractBase<MethodDescription> {
    private final String annotationName;

    AnnotatedMethodMatcher(String annotationName) {
      this.annotationName = annotationName;
    }

    @Override
    public boolean matches(MethodDescription method) {
      if (!isWeavable(method)) {
        return false;
      }
      TypeDescription declaringType = method.getDeclaringType().asErasure();
      if (isIgnored(declaringType.getName())) {
        return false;
      }
      return hasAnnotation(method.getDeclaredAnnotations(), annotationName)
          || (method.isPublic()
              && hasAnnotation(declaringType.getDeclaredAnnotations(), annotationName));
    }

    @Override
    public String toString() {
      return "@" + annotationName;
    }
  }
}
