package io.cludeobs.it.genai;

import io.cludeobs.it.support.Jvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How the GenAI tests launch the anthropic-java sample agent: on its own class path (the test
 * classes plus anthropic-java 3.13 with exactly its declared dependencies, copied by the build),
 * because it needs Kotlin 1.9 where the openai-java tests' class path has 1.8.
 */
final class AnthropicRuns {

  static final String TASK = "com.acme.anthropic.AnthropicAgent#run";
  static final String TOOL = "com.acme.anthropic.Tools#execute";

  private AnthropicRuns() {}

  /** The sample agent against {@code server}, with the task and tool pointcuts set. */
  static Jvm.Builder agent(Path jdk, AnthropicWireServer server) {
    return Jvm.builder()
        .jdk(jdk)
        .classpath(classpath().toArray(new String[0]))
        .mainClass("com.acme.anthropic.AnthropicAgentApp")
        .args(server.baseUrl())
        .sysProp("clude.obs.pointcuts.task", TASK)
        .sysProp("clude.obs.pointcuts.tool", TOOL)
        .sysProp("clude.obs.metrics.jvm", "false")
        .sysProp("clude.obs.metrics.system", "false");
  }

  static List<String> classpath() {
    List<String> entries = new ArrayList<>();
    entries.add(System.getProperty("clude.it.testClasses"));
    Path libs = Paths.get(System.getProperty("clude.it.anthropicLibs"));
    try (Stream<Path> jars = Files.list(libs)) {
      entries.addAll(
          jars.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().collect(Collectors.toList()));
    } catch (IOException e) {
      throw new UncheckedIOException("no anthropic-java jars in " + libs + ": run the integration-tests build", e);
    }
    return entries;
  }
}
