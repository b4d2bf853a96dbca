package io.cludeobs.agent.pointcut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointcutScannerTest {
  @TempDir static Path temp;
  private static Path classes;
  private static Path jar;

  @BeforeAll
  static void compileFixtures() throws IOException {
    classes = temp.resolve("classes");
    FixtureClasses.compile(temp.resolve("src"), classes);
    jar = FixtureClasses.jar(classes, temp.resolve("fixtures.jar"));
  }

  private static Map<Category, PointcutSet> sets() {
    List<String> problems = new ArrayList<>();
    Map<Category, PointcutSet> sets = new EnumMap<>(Category.class);
    // put in reverse order: the result must still follow Category order
    sets.put(
        Category.SPAN,
        PointcutSet.parse(
            "span",
            Arrays.asList(
                "com.acme..*#run", "com.acme.agent.TracedService#plan", "com.acme.tools.TaskList#add"),
            problems::add));
    sets.put(
        Category.TOOL,
        PointcutSet.parse(
            "tool",
            Arrays.asList(
                "com.acme.tools.Tool+#*",
                "!com.acme.tools.*#describe",
                "com.acme.tools.WriteTool#write(byte[],..)"),
            problems::add));
    sets.put(
        Category.LLM,
        PointcutSet.parse("llm", Collections.singletonList("@com.acme.agent.Traced"), problems::add));
    sets.put(
        Category.TASK,
        PointcutSet.parse(
            "task",
            Arrays.asList(
                "com.acme.agent.Agent+#run",
                "java.util.concurrent.Callable+#call",
                "com.acme.agent.Nothing#x"),
            problems::add));
    assertThat(problems).isEmpty();
    return sets;
  }

  private static Map<Category, Map<String, List<String>>> expected() {
    Map<Category, Map<String, List<String>>> expected = new LinkedHashMap<>();
    Map<String, List<String>> task = new LinkedHashMap<>();
    task.put(
        "com.acme.agent.Agent+#run",
        Arrays.asList(
            "com.acme.agent.Agent#run()",
            "com.acme.agent.Agent#run(java.lang.String,java.util.Map)",
            "com.acme.agent.sub.DeepAgent#run()"));
    // the bridge Object call() that javac adds is not listed
    task.put("java.util.concurrent.Callable+#call", Arrays.asList("com.acme.agent.Job#call()"));
    task.put("com.acme.agent.Nothing#x", Collections.<String>emptyList());
    expected.put(Category.TASK, task);
    Map<String, List<String>> llm = new LinkedHashMap<>();
    llm.put(
        "@com.acme.agent.Traced",
        Arrays.asList(
            "com.acme.agent.PartlyTraced#hidden()",
            "com.acme.agent.PartlyTraced#traced()",
            "com.acme.agent.TracedService#helper()",
            "com.acme.agent.TracedService#plan()"));
    expected.put(Category.LLM, llm);
    Map<String, List<String>> tool = new LinkedHashMap<>();
    tool.put(
        "com.acme.tools.Tool+#*",
        Arrays.asList(
            "com.acme.tools.AbstractTool#log(java.lang.String)",
            "com.acme.tools.ReadTool#execute(java.lang.String)",
            "com.acme.tools.Tool#name()",
            "com.acme.tools.WriteTool#execute(java.lang.String)",
            "com.acme.tools.WriteTool#execute(java.lang.String,int)",
            "com.acme.tools.WriteTool#write(byte[],java.lang.String[][],int[],java.util.Map)"));
    // write(...) is listed under the first include that selects it
    tool.put("com.acme.tools.WriteTool#write(byte[],..)", Collections.<String>emptyList());
    expected.put(Category.TOOL, tool);
    Map<String, List<String>> span = new LinkedHashMap<>();
    // Agent#run and DeepAgent#run went to TASK already
    span.put(
        "com.acme..*#run",
        Arrays.asList("com.acme.tools.Outer#run()", "com.acme.tools.Outer$Inner#run()"));
    span.put("com.acme.agent.TracedService#plan", Collections.<String>emptyList());
    span.put("com.acme.tools.TaskList#add", Arrays.asList("com.acme.tools.TaskList#add(java.lang.String)"));
    expected.put(Category.SPAN, span);
    return expected;
  }

  @Test
  void listsWhatEachCategoryWouldWeaveInAClassFolder() throws IOException {
    Map<Category, Map<String, List<String>>> result =
        PointcutScanner.scan(Collections.singletonList(classes), sets());
    assertThat(result).containsExactlyEntriesOf(expected());
    assertThat(new ArrayList<>(result.get(Category.TASK).keySet()))
        .containsExactly(
            "com.acme.agent.Agent+#run", "java.util.concurrent.Callable+#call", "com.acme.agent.Nothing#x");
  }

  @Test
  void readsJarsTheSameWay() throws IOException {
    assertThat(PointcutScanner.scan(Collections.singletonList(jar), sets()))
        .containsExactlyEntriesOf(expected());
  }

  @Test
  void onlyGivenCategoriesAreListed() throws IOException {
    Map<Category, PointcutSet> sets = new EnumMap<>(Category.class);
    sets.put(
        Category.SPAN,
        PointcutSet.parse("span", Collections.singletonList("com.acme..*#run"), line -> {}));
    Map<Category, Map<String, List<String>>> result =
        PointcutScanner.scan(Collections.singletonList(classes), sets);
    assertThat(result.keySet()).containsExactly(Category.SPAN);
    assertThat(result.get(Category.SPAN).get("com.acme..*#run"))
        .containsExactly(
            "com.acme.agent.Agent#run()",
            "com.acme.agent.Agent#run(java.lang.String,java.util.Map)",
            "com.acme.agent.sub.DeepAgent#run()",
            "com.acme.tools.Outer#run()",
            "com.acme.tools.Outer$Inner#run()");
  }

  @Test
  void classesWithSupertypesMissingFromThePathAreSkipped() throws IOException {
    Path partial = temp.resolve("partial/com/acme/agent/sub");
    Files.createDirectories(partial);
    Files.copy(
        classes.resolve("com/acme/agent/sub/DeepAgent.class"), partial.resolve("DeepAgent.class"));
    Map<Category, PointcutSet> sets = new EnumMap<>(Category.class);
    // needs DeepAgent's missing superclass to decide, and comes first
    sets.put(
        Category.TASK,
        PointcutSet.parse("task", Arrays.asList("com.acme.Other+#run"), line -> {}));
    // needs only DeepAgent's own class file
    sets.put(
        Category.SPAN,
        PointcutSet.parse("span", Arrays.asList("com.acme..Deep*#run"), line -> {}));
    Map<Category, Map<String, List<String>>> result =
        PointcutScanner.scan(Collections.singletonList(temp.resolve("partial")), sets);
    assertThat(result.get(Category.TASK).get("com.acme.Other+#run")).isEmpty();
    assertThat(result.get(Category.SPAN).get("com.acme..Deep*#run"))
        .containsExactly("com.acme.agent.sub.DeepAgent#run()");
  }

  @Test
  void aMissingClasspathEntryIsAnError() {
    Path missing = temp.resolve("nope.jar");
    assertThatThrownBy(
            () ->
                PointcutScanner.scan(
                    Collections.singletonList(missing), new EnumMap<>(Category.class)))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing.toString());
  }
}
