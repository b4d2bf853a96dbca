package io.cludeobs.agent.pointcut;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointcutSetTest {
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

  @Test
  void badExpressionsAreReportedOneLineEachAndSkipped() {
    List<String> problems = new ArrayList<>();
    PointcutSet set =
        PointcutSet.parse(
            "clude.obs.pointcuts.tool",
            Arrays.asList(
                "com.acme.tools.Tool+#execute", "com.acme.Tool", "*#*", " ", "", "!com.acme.tools.ReadTool#*"),
            problems::add);
    assertThat(problems)
        .containsExactly(
            "clude.obs.pointcuts.tool: cannot parse pointcut 'com.acme.Tool' at column 14: expected"
                + " '+' or '#'; fix the expression (see docs/configuration.md#pointcuts)",
            "clude.obs.pointcuts.tool: pointcut '*#*' is refused: it selects every method of every"
                + " class; name your own classes or methods instead, e.g."
                + " 'com.acme.tools.*Tool+#execute'; fix the expression (see"
                + " docs/configuration.md#pointcuts)");
    assertThat(set.includes()).extracting(Pointcut::toString).containsExactly("com.acme.tools.Tool+#execute");
    assertThat(set.excludes()).extracting(Pointcut::toString).containsExactly("!com.acme.tools.ReadTool#*");
    assertThat(set.isEmpty()).isFalse();
  }

  @Test
  void onlyExclusionsSelectNothing() throws Exception {
    PointcutSet set =
        PointcutSet.parse("s", Collections.singletonList("!com.acme..*#*"), line -> {});
    assertThat(set.isEmpty()).isTrue();
    assertThat(set.excludes()).hasSize(1);
    assertThat(set.typeMatcher().matches(type("com.acme.agent.Agent"))).isFalse();
    assertThat(set.methodMatcher().matches(method("com.acme.agent.Agent", "run"))).isFalse();
    assertThat(PointcutSet.empty().isEmpty()).isTrue();
    assertThat(PointcutSet.empty().includes()).isEmpty();
    assertThat(PointcutSet.empty().typeMatcher().matches(type("com.acme.agent.Agent"))).isFalse();
  }

  @Test
  void typeMatcherIsAnyIncludeButNeverIgnoredTypes() {
    PointcutSet set =
        PointcutSet.parse(
            "s",
            Arrays.asList("com.acme.agent.Agent#run", "..*List#add", "!com.acme.tools.Outer#*"),
            line -> {});
    assertThat(set.typeMatcher().matches(type("com.acme.agent.Agent"))).isTrue();
    assertThat(set.typeMatcher().matches(type("com.acme.tools.TaskList"))).isTrue();
    // excludes remove methods, not types
    assertThat(set.typeMatcher().matches(type("com.acme.tools.Outer"))).isFalse();
    assertThat(set.typeMatcher().matches(TypeDescription.ForLoadedType.of(ArrayList.class)))
        .isFalse();
  }

  @Test
  void exclusionsWinOverIncludesAndSelectingNamesTheFirstInclude() throws Exception {
    PointcutSet set =
        PointcutSet.parse(
            "s",
            Arrays.asList(
                "com.acme.tools.Tool+#execute",
                "com.acme.tools.WriteTool#*",
                "!com.acme.tools.WriteTool#execute(java.lang.String,int)",
                "!@com.acme.agent.Traced"),
            line -> {});
    MethodDescription readExecute = method("com.acme.tools.ReadTool", "execute", String.class);
    MethodDescription writeExecute = method("com.acme.tools.WriteTool", "execute", String.class);
    MethodDescription writeTwice =
        method("com.acme.tools.WriteTool", "execute", String.class, int.class);
    MethodDescription write =
        method("com.acme.tools.WriteTool", "write", byte[].class, String[][].class, int[].class,
            java.util.Map.class);
    MethodDescription describe = method("com.acme.tools.ReadTool", "describe");

    assertThat(set.methodMatcher().matches(readExecute)).isTrue();
    assertThat(set.methodMatcher().matches(writeExecute)).isTrue();
    assertThat(set.methodMatcher().matches(writeTwice)).isFalse();
    assertThat(set.methodMatcher().matches(write)).isTrue();
    assertThat(set.methodMatcher().matches(describe)).isFalse();

    assertThat(set.selecting(readExecute)).hasToString("com.acme.tools.Tool+#execute");
    assertThat(set.selecting(writeExecute)).hasToString("com.acme.tools.Tool+#execute");
    assertThat(set.selecting(write)).hasToString("com.acme.tools.WriteTool#*");
    assertThat(set.selecting(writeTwice)).isNull();
    assertThat(set.selecting(describe)).isNull();
  }

  @Test
  void annotationExclusionRemovesAnnotatedMethods() throws Exception {
    PointcutSet set =
        PointcutSet.parse(
            "s", Arrays.asList("com.acme.agent.PartlyTraced#*", "!@com.acme.agent.Traced"), line -> {});
    assertThat(set.methodMatcher().matches(method("com.acme.agent.PartlyTraced", "plain"))).isTrue();
    assertThat(set.methodMatcher().matches(method("com.acme.agent.PartlyTraced", "traced")))
        .isFalse();
    assertThat(set.methodMatcher().matches(method("com.acme.agent.PartlyTraced", "hidden")))
        .isFalse();
  }

  private static TypeDescription type(String name) {
    try {
      return TypeDescription.ForLoadedType.of(Class.forName(name, false, loader));
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  private static MethodDescription method(String type, String name, Class<?>... parameters)
      throws Exception {
    Method m = Class.forName(type, false, loader).getDeclaredMethod(name, parameters);
    return new MethodDescription.ForLoadedMethod(m);
  }
}
