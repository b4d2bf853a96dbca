package io.cludeobs.agent.pointcut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PointcutTest {
  @TempDir static Path temp;
  private static URLClassLoader loader;

  @BeforeAll
  static void compileFixtures() throws IOException {
    FixtureClasses.compile(temp.resolve("src"), temp.resolve("classes"));
    loader = FixtureClasses.loader(temp.resolve("classes"));
  }

  @AfterAll
  static void closeLoader() throws IOException {
    loader.close();
  }

  // ---- refusals

  @ParameterizedTest
  @ValueSource(
      strings = {
        "*#*", "..*#*", "..*+#*", "*..*#*", "..#*", "*#**", " * # * ", "..*#*(..)", "*#*()",
        "java.lang.Object+#*", "!*#*"
      })
  void matchAllsAreRefused(String expression) {
    assertThatThrownBy(() -> Pointcut.parse(expression))
        .isInstanceOf(PointcutRefusedException.class)
        .hasMessage(
            "pointcut '"
                + expression.strip()
                + "' is refused: it selects every method of every class; name your own classes or"
                + " methods instead, e.g. 'com.acme.tools.*Tool+#execute'");
  }

  @Test
  void jdkOnlyPatternsAreRefused() {
    assertThatThrownBy(() -> Pointcut.parse("java.util.*#get"))
        .isInstanceOf(PointcutRefusedException.class)
        .hasMessage(
            "pointcut 'java.util.*#get' is refused: type pattern 'java.util.*' can only match JDK"
                + " classes (java.), which are never woven; name your own classes, e.g."
                + " 'com.acme.tools.*Tool+#execute', or add '+' to select your subtypes of a type");
  }

  @Test
  void agentOnlyPatternsAreRefused() {
    assertThatThrownBy(() -> Pointcut.parse("io.cludeobs..*#run"))
        .isInstanceOf(PointcutRefusedException.class)
        .hasMessage(
            "pointcut 'io.cludeobs..*#run' is refused: type pattern 'io.cludeobs..*' can only match"
                + " clude-obs or Byte Buddy classes (io.cludeobs.), which are never woven; name your"
                + " own classes, e.g. 'com.acme.tools.*Tool+#execute', or add '+' to select your"
                + " subtypes of a type");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "java..*#run", "java.lang.String#length", "javax.swing.JButton#doClick", "jdk.internal.Foo#x",
        "sun.misc.Unsafe#getInt", "com.sun.net.httpserver.HttpServer#start",
        "net.bytebuddy.ByteBuddy#subclass", "!java.util.List#add"
      })
  void everyIgnoredPrefixIsRefusedWithoutPlus(String expression) {
    assertThatThrownBy(() -> Pointcut.parse(expression))
        .isInstanceOf(PointcutRefusedException.class)
        .hasMessageContaining("can only match");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "..*Tool#run", "*#run", "..*+#execute", "java.util.concurrent.Callable+#call",
        "java.lang.Object+#toString", "jav*.Foo#run", "javafx.scene.Node#layout", "com.acme..*#*",
        "@java.lang.Deprecated"
      })
  void broadButLegalPatternsAreAccepted(String expression) {
    assertThatCode(() -> Pointcut.parse(expression)).doesNotThrowAnyException();
  }

  // ---- type matchers

  @Test
  void typeGlobWithoutPlusMatchesOnlyTheNamedTypes() {
    Pointcut p = Pointcut.parse("com.acme.tools.*Tool#execute");
    assertThat(matchingTypes(p))
        .containsExactly(
            "com.acme.tools.AbstractTool",
            "com.acme.tools.ReadTool",
            "com.acme.tools.Tool",
            "com.acme.tools.WriteTool");
  }

  @Test
  void plusMatchesImplementorsThroughInterfacesAndAbstractClasses() {
    assertThat(matchingTypes(Pointcut.parse("com.acme.tools.Tool+#execute")))
        .containsExactly(
            "com.acme.tools.AbstractTool",
            "com.acme.tools.ReadTool",
            "com.acme.tools.Tool",
            "com.acme.tools.WriteTool");
    assertThat(matchingTypes(Pointcut.parse("com.acme.tools.AbstractTool+#execute")))
        .containsExactly("com.acme.tools.AbstractTool", "com.acme.tools.ReadTool");
    assertThat(matchingTypes(Pointcut.parse("com.acme.agent.Agent+#run")))
        .containsExactly("com.acme.agent.Agent", "com.acme.agent.sub.DeepAgent");
  }

  @Test
  void plusOnAJdkTypeSelectsApplicationSubtypesButNeverJdkClasses() throws Exception {
    Pointcut p = Pointcut.parse("java.util.Collection+#add");
    assertThat(matchingTypes(p)).containsExactly("com.acme.tools.TaskList");
    assertThat(p.typeMatcher().matches(TypeDescription.ForLoadedType.of(java.util.ArrayList.class)))
        .isFalse();
    assertThat(matchingTypes(Pointcut.parse("java.util.concurrent.Callable+#call")))
        .containsExactly("com.acme.agent.Job");
  }

  @Test
  void nestedClassGlobs() {
    assertThat(matchingTypes(Pointcut.parse("com.acme.tools.Outer$*#run")))
        .containsExactly("com.acme.tools.Outer$Inner");
    assertThat(matchingTypes(Pointcut.parse("com..Outer*#run")))
        .containsExactly("com.acme.tools.Outer", "com.acme.tools.Outer$Inner");
  }

  @Test
  void broadGlobsNeverMatchIgnoredTypes() {
    Pointcut p = Pointcut.parse("..*List#add");
    assertThat(p.typeMatcher().matches(TypeDescription.ForLoadedType.of(java.util.ArrayList.class)))
        .isFalse();
    assertThat(p.typeMatcher().matches(TypeDescription.ForLoadedType.of(Pointcut.class))).isFalse();
    assertThat(matchingTypes(p)).containsExactly("com.acme.tools.TaskList");
    assertThat(Pointcut.ignoredTypes().matches(TypeDescription.ForLoadedType.of(String.class)))
        .isTrue();
    assertThat(
            Pointcut.ignoredTypes()
                .matches(TypeDescription.ForLoadedType.of(net.bytebuddy.ByteBuddy.class)))
        .isTrue();
    assertThat(Pointcut.ignoredTypes().matches(type("com.acme.tools.TaskList"))).isFalse();
  }

  @Test
  void annotationTypeMatcherTakesAnnotatedClassesAndClassesWithAnnotatedMethods() {
    assertThat(matchingTypes(Pointcut.parse("@com.acme.agent.Traced")))
        .containsExactly("com.acme.agent.PartlyTraced", "com.acme.agent.TracedService");
  }

  // ---- method matchers

  @Test
  void methodGlobAndParameterLists() throws Exception {
    Method execute1 = method("com.acme.tools.WriteTool", "execute", String.class);
    Method execute2 = method("com.acme.tools.WriteTool", "execute", String.class, int.class);
    assertThat(matches("com.acme.tools.WriteTool#execute", execute1, execute2))
        .containsExactly(true, true);
    assertThat(matches("com.acme.tools.WriteTool#execute(..)", execute1, execute2))
        .containsExactly(true, true);
    assertThat(matches("com.acme.tools.WriteTool#execute(java.lang.String)", execute1, execute2))
        .containsExactly(true, false);
    assertThat(matches("com.acme.tools.WriteTool#execute(java.lang.String,..)", execute1, execute2))
        .containsExactly(true, true);
    assertThat(matches("com.acme.tools.WriteTool#execute(java.lang.String,int)", execute1, execute2))
        .containsExactly(false, true);
    assertThat(matches("com.acme.tools.WriteTool#execute(java.lang.String,int,..)", execute1, execute2))
        .containsExactly(false, true);
    assertThat(matches("com.acme.tools.WriteTool#execute()", execute1, execute2))
        .containsExactly(false, false);
    assertThat(matches("com.acme.tools.WriteTool#exec*", execute1, execute2))
        .containsExactly(true, true);
    assertThat(matches("com.acme.tools.WriteTool#*cute", execute1, execute2))
        .containsExactly(true, true);
    assertThat(matches("com.acme.tools.WriteTool#execute2", execute1, execute2))
        .containsExactly(false, false);
    assertThat(matches("com.acme.tools.ReadTool#execute", execute1, execute2))
        .containsExactly(false, false);
  }

  @Test
  void arraysPrimitivesAndErasedGenerics() throws Exception {
    Method write =
        method("com.acme.tools.WriteTool", "write", byte[].class, String[][].class, int[].class,
            Map.class);
    assertThat(matches("com.acme.tools.WriteTool#write(byte[],java.lang.String[][],int[],java.util.Map)", write))
        .containsExactly(true);
    assertThat(matches("com.acme.tools.WriteTool#write(byte[],java.lang.String[],int[],java.util.Map)", write))
        .containsExactly(false);
    assertThat(matches("com.acme.tools.WriteTool#write(byte,..)", write)).containsExactly(false);
    assertThat(matches("com.acme.tools.WriteTool#write(byte[][],..)", write)).containsExactly(false);
    assertThat(matches("com.acme.tools.WriteTool#write(int[],..)", write)).containsExactly(false);
    assertThat(matches("com.acme.tools.WriteTool#write(byte[],..)", write)).containsExactly(true);
    Method count = method("com.acme.agent.Agent", "count", int.class, long[].class, List.class);
    assertThat(matches("com.acme.agent.Agent#count(int,long[],java.util.List)", count))
        .containsExactly(true);
    assertThat(matches("com.acme.agent.Agent#count(long,long[],java.util.List)", count))
        .containsExactly(false);
    assertThat(matches("com.acme.agent.Agent#count(java.lang.Integer,..)", count))
        .containsExactly(false);
  }

  @Test
  void subtypeMethodMatcherChecksTheDeclaringType() throws Exception {
    Method readExecute = method("com.acme.tools.ReadTool", "execute", String.class);
    Method writeExecute = method("com.acme.tools.WriteTool", "execute", String.class);
    Method handle = method("com.acme.tools.StringHandler", "handle", String.class);
    Method defaultName = method("com.acme.tools.Tool", "name");
    assertThat(matches("com.acme.tools.Tool+#*", readExecute, writeExecute, handle, defaultName))
        .containsExactly(true, true, false, true);
    assertThat(matches("com.acme.tools.AbstractTool+#*", readExecute, writeExecute, handle, defaultName))
        .containsExactly(true, false, false, false);
    assertThat(matches("com.acme.tools.Tool#*", readExecute, writeExecute, handle, defaultName))
        .containsExactly(false, false, false, true);
  }

  @Test
  void neverMatchedMethods() throws Exception {
    Class<?> handler = loader.loadClass("com.acme.tools.StringHandler");
    Method bridge = handler.getDeclaredMethod("handle", Object.class);
    assertThat(bridge.isBridge()).as("javac made a bridge for the generic override").isTrue();
    Method real = handler.getDeclaredMethod("handle", String.class);
    assertThat(matches("com.acme.tools.StringHandler#handle", real, bridge))
        .containsExactly(true, false);
    assertThat(matches("com.acme.tools.Handler+#*", real, bridge)).containsExactly(true, false);

    Class<?> readTool = loader.loadClass("com.acme.tools.ReadTool");
    Method lambda = null;
    for (Method m : readTool.getDeclaredMethods()) {
      if (m.getName().startsWith("lambda$")) {
        lambda = m;
      }
    }
    assertThat(lambda).isNotNull();
    assertThat(lambda.isSynthetic()).isTrue();
    Method abstractDescribe = method("com.acme.tools.AbstractTool", "describe");
    Method nativeRead = method("com.acme.tools.ReadTool", "nativeRead");
    Method abstractExecute = method("com.acme.tools.Tool", "execute", String.class);
    assertThat(
            matches(
                "com.acme..*+#*", lambda, abstractDescribe, nativeRead, abstractExecute))
        .containsExactly(false, false, false, false);

    Constructor<?> constructor = readTool.getDeclaredConstructor();
    MethodDescription ctor = new MethodDescription.ForLoadedConstructor(constructor);
    assertThat(Pointcut.parse("com.acme.tools.ReadTool#*").methodMatcher().matches(ctor)).isFalse();
    // Byte Buddy lists <clinit> only in the instrumented type it weaves, as a latent description
    MethodDescription clinit = new MethodDescription.Latent.TypeInitializer(type("com.acme.tools.WriteTool"));
    assertThat(Pointcut.parse("com.acme.tools.WriteTool#*").methodMatcher().matches(clinit))
        .isFalse();
    assertThat(Pointcut.parse("@com.acme.agent.Traced").methodMatcher().matches(ctor)).isFalse();
  }

  @Test
  void annotationOnMethodSelectsItWhateverItsVisibility() throws Exception {
    Method traced = method("com.acme.agent.PartlyTraced", "traced");
    Method hidden = method("com.acme.agent.PartlyTraced", "hidden");
    Method plain = method("com.acme.agent.PartlyTraced", "plain");
    assertThat(matches("@com.acme.agent.Traced", traced, hidden, plain))
        .containsExactly(true, true, false);
  }

  @Test
  void annotationOnClassSelectsItsPublicMethods() throws Exception {
    Method plan = method("com.acme.agent.TracedService", "plan");
    Method internal = method("com.acme.agent.TracedService", "internal");
    Method helper = method("com.acme.agent.TracedService", "helper");
    assertThat(matches("@com.acme.agent.Traced", plan, internal, helper))
        .containsExactly(true, false, true);
    assertThat(matches("@com.acme.agent.Other", plan, internal, helper))
        .containsExactly(false, false, false);
  }

  // ---- helpers

  private static final String[] FIXTURE_TYPES = {
    "com.acme.agent.Agent",
    "com.acme.agent.Job",
    "com.acme.agent.PartlyTraced",
    "com.acme.agent.Traced",
    "com.acme.agent.TracedService",
    "com.acme.agent.sub.DeepAgent",
    "com.acme.tools.AbstractTool",
    "com.acme.tools.Handler",
    "com.acme.tools.Outer",
    "com.acme.tools.Outer$Inner",
    "com.acme.tools.ReadTool",
    "com.acme.tools.StringHandler",
    "com.acme.tools.TaskList",
    "com.acme.tools.Tool",
    "com.acme.tools.WriteTool",
  };

  private static List<String> matchingTypes(Pointcut pointcut) {
    List<String> out = new ArrayList<>();
    for (String name : FIXTURE_TYPES) {
      if (pointcut.typeMatcher().matches(type(name))) {
        out.add(name);
      }
    }
    return out;
  }

  private static TypeDescription type(String name) {
    try {
      return TypeDescription.ForLoadedType.of(Class.forName(name, false, loader));
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  private static Method method(String type, String name, Class<?>... parameters)
      throws Exception {
    return Class.forName(type, false, loader).getDeclaredMethod(name, parameters);
  }

  private static List<Boolean> matches(String expression, Method... methods) {
    Pointcut pointcut = Pointcut.parse(expression);
    List<Boolean> out = new ArrayList<>();
    for (Method m : methods) {
      out.add(pointcut.methodMatcher().matches(new MethodDescription.ForLoadedMethod(m)));
    }
    return out;
  }
}
