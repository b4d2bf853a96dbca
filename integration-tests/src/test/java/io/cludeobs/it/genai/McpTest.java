package io.cludeobs.it.genai;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpJson;
import io.cludeobs.it.support.SpanTree;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MCP Java SDK 2.1 with the real jar in a client JVM and two stdio server JVMs: each client
 * {@code callTool} (sync and async) is an {@code execute_tool} span under the task, and the server
 * handler's span is its child in the same trace, across the process boundary.
 */
class McpTest {

  static final String[] KEYS = {"gen_ai.operation.name", "gen_ai.tool.name", "gen_ai.tool.type", "clude.library", "error.type"};

  static final String TASK = "com.acme.mcp.McpAgent#run";

  /** Jar paths of the MCP SDK and what it needs, taken from the test class path. */
  private static final String[] LIBRARY_PATHS = {
    "/io/modelcontextprotocol/", "/tools/jackson/", "/com/fasterxml/", "/io/projectreactor/", "/org/reactivestreams/",
    "/org/slf4j/", "/com/networknt/", "/com/ethlo/", "/org/yaml/"
  };

  static final String ANSWER =
      "mcp-agent answered: go | contents of README.md: hello from the repo | flaky isError=true"
          + " | explode failed: McpError | async contents of notes.md: hello from the repo";

  /**
   * Client spans ({@code extension}: the tool runs behind the MCP server) each with the server
   * handler's span ({@code function}) as its child, read from three processes' files. The sync
   * client's three calls and the async client's one; {@code flaky} returns {@code isError=true};
   * {@code explode} throws in the server, which answers with a JSON-RPC error the client throws.
   */
  static final String TREE =
      "invoke_agent McpAgent.run [gen_ai.operation.name=invoke_agent]\n"
          + "  execute_tool read_file [gen_ai.operation.name=execute_tool, gen_ai.tool.name=read_file,"
          + " gen_ai.tool.type=extension, clude.library=mcp]\n"
          + "    execute_tool read_file [gen_ai.operation.name=execute_tool, gen_ai.tool.name=read_file,"
          + " gen_ai.tool.type=function, clude.library=mcp]\n"
          + "  execute_tool flaky [gen_ai.operation.name=execute_tool, gen_ai.tool.name=flaky,"
          + " gen_ai.tool.type=extension, clude.library=mcp, error.type=tool_error] !ERROR\n"
          + "    execute_tool flaky [gen_ai.operation.name=execute_tool, gen_ai.tool.name=flaky,"
          + " gen_ai.tool.type=function, clude.library=mcp, error.type=tool_error] !ERROR\n"
          + "  execute_tool explode [gen_ai.operation.name=execute_tool, gen_ai.tool.name=explode,"
          + " gen_ai.tool.type=extension, clude.library=mcp, error.type=io.modelcontextprotocol.spec.McpError] !ERROR\n"
          + "    execute_tool explode [gen_ai.operation.name=execute_tool, gen_ai.tool.name=explode,"
          + " gen_ai.tool.type=function, clude.library=mcp, error.type=java.lang.IllegalStateException] !ERROR\n"
          + "  execute_tool read_file [gen_ai.operation.name=execute_tool, gen_ai.tool.name=read_file,"
          + " gen_ai.tool.type=extension, clude.library=mcp]\n"
          + "    execute_tool read_file [gen_ai.operation.name=execute_tool, gen_ai.tool.name=read_file,"
          + " gen_ai.tool.type=function, clude.library=mcp]\n";

  /**
   * Tool arguments and results: none may leave any of the processes by default. (A thrown
   * exception's message is recorded on its span as for every span, so the {@code explode} text is
   * not in this list.)
   */
  static final List<String> CONTENT =
      List.of("README.md", "hello from the repo", "secret-argument-text", "secret-flaky-text", "notes.md");

  static Stream<String> jdks() {
    return Jdks.required();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void clientAndServerToolSpansJoinOneTraceWithoutContent(String jdk) throws IOException {
    Jvm.Result run = agent(Jdks.resolve(jdk)).run(Duration.ofSeconds(240));

    run.assertExitCode(0);
    assertThat(run.stdout()).contains(ANSWER);
    List<Span> spans = spans(run.dataDir());
    assertThat(SpanTree.render(spans, KEYS)).isEqualTo(TREE);
    // one trace across the three processes: the server spans' parents are the client spans
    assertThat(SpanTree.byTrace(spans)).hasSize(1);
    assertThat(serverSpans(run.dataDir())).hasSize(4);
    assertThat(spans.stream().flatMap(s -> SpanTree.attributes(s).keySet().stream()))
        .doesNotContain("gen_ai.tool.call.arguments", "gen_ai.tool.call.result");
    String exported = allFiles(run.dataDir());
    for (String text : CONTENT) {
      assertThat(exported).as("exported data").doesNotContain(text);
    }
  }

  @Test
  void captureOnRecordsArgumentsAndResultsOnBothSides() {
    Jvm.Result run =
        agent(Jdks.current()).sysProp("clude.obs.genai.capture_content", "true").run(Duration.ofSeconds(240));

    run.assertExitCode(0);
    List<Span> spans = spans(run.dataDir());
    List<Span> readFile =
        spans.stream().filter(s -> s.getName().equals("execute_tool read_file")).collect(Collectors.toList());
    assertThat(readFile).hasSize(4);
    assertThat(readFile.stream().map(s -> SpanTree.attributes(s).get("gen_ai.tool.call.arguments")))
        .containsExactlyInAnyOrder("{path=README.md}", "{path=README.md}", "{path=notes.md}", "{path=notes.md}");
    for (Span s : readFile) {
      assertThat((String) SpanTree.attributes(s).get("gen_ai.tool.call.result"))
          .startsWith("CallToolResult[content=[TextContent[annotations=null, text=contents of ")
          .contains(": hello from the repo, meta=null]], isError=false");
    }
    Span flakyServer =
        serverSpans(run.dataDir()).stream().filter(s -> s.getName().equals("execute_tool flaky")).findFirst().orElseThrow();
    assertThat(SpanTree.attributes(flakyServer))
        .containsEntry("gen_ai.tool.call.arguments", "{path=secret-argument-text}");
    assertThat((String) SpanTree.attributes(flakyServer).get("gen_ai.tool.call.result")).contains("disk quota secret-flaky-text");
  }

  static Jvm.Builder agent(Path jdk) {
    return Jvm.builder()
        .jdk(jdk)
        .classpath(classpath().toArray(new String[0]))
        .mainClass("com.acme.mcp.McpAgentApp")
        .sysProp("clude.obs.pointcuts.task", TASK)
        .sysProp("clude.obs.metrics.jvm", "false")
        .sysProp("clude.obs.metrics.system", "false");
  }

  static List<Span> serverSpans(Path dataDir) {
    List<Span> spans = new ArrayList<>(OtlpJson.readTraceFiles(dataDir.resolve("server-1").resolve("traces")));
    spans.addAll(OtlpJson.readTraceFiles(dataDir.resolve("server-2").resolve("traces")));
    return spans;
  }

  /** The client's spans and both servers' spans. */
  static List<Span> spans(Path dataDir) {
    List<Span> spans = new ArrayList<>(OtlpJson.readTraceFiles(dataDir.resolve("traces")));
    spans.addAll(serverSpans(dataDir));
    return spans;
  }

  static List<String> classpath() {
    List<String> entries = new ArrayList<>();
    entries.add(System.getProperty("clude.it.testClasses"));
    String surefire = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    for (String entry : surefire.split(File.pathSeparator)) {
      String unix = entry.replace(File.separatorChar, '/');
      for (String lib : LIBRARY_PATHS) {
        if (unix.contains(lib)) {
          entries.add(entry);
          break;
        }
      }
    }
    return entries;
  }

  static String allFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> regular = files.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
      StringBuilder all = new StringBuilder();
      for (Path p : regular) {
        all.append(new String(Files.readAllBytes(p), StandardCharsets.UTF_8)).append('\n');
      }
      return all.toString();
    }
  }
}
