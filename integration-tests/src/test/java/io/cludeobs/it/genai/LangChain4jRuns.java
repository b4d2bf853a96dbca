package io.cludeobs.it.genai;

import io.cludeobs.it.support.Jvm;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** How the LangChain4j tests launch the sample app: its libraries, with the Jackson it declares. */
final class LangChain4jRuns {

  /** Jar paths of LangChain4j and what it needs, taken from the test class path. */
  private static final String[] LIBRARY_PATHS = {
    "/dev/langchain4j/", "/com/knuddels/", "/org/apache/opennlp/", "/org/slf4j/", "/org/jspecify/"
  };

  private LangChain4jRuns() {}

  /** The sample app against {@code server}; no pointcuts: every span comes from the library module. */
  static Jvm.Builder app(Path jdk, LangChain4jWireServer server) {
    return Jvm.builder()
        .jdk(jdk)
        .classpath(classpath().toArray(new String[0]))
        .mainClass("com.acme.langchain4j.LangChain4jApp")
        .args(server.openAiBaseUrl(), server.anthropicBaseUrl())
        .sysProp("clude.obs.metrics.jvm", "false")
        .sysProp("clude.obs.metrics.system", "false");
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
    // the test class path has openai-java's Jackson 2.18; LangChain4j 1.19 declares 2.22
    try (Stream<Path> jars = Files.list(Paths.get(System.getProperty("clude.it.langchain4jJackson")))) {
      entries.addAll(jars.map(Path::toString).sorted().collect(Collectors.toList()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }
}
