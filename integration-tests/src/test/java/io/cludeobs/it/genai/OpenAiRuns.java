package io.cludeobs.it.genai;

import io.cludeobs.it.support.Jvm;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the GenAI tests launch the openai-java sample agent. */
final class OpenAiRuns {

  static final String TASK = "com.acme.openai.OpenAiAgent#run";
  static final String TOOL = "com.acme.openai.Tools#execute";

  /** Jar paths of openai-java and what it needs, taken from the test class path. */
  private static final String[] LIBRARY_PATHS = {
    "/com/openai/", "/com/fasterxml/", "/com/squareup/", "/org/jetbrains/", "/io/swagger/",
    "/org/apache/httpcomponents/", "/org/slf4j/", "/com/github/victools/"
  };

  private OpenAiRuns() {}

  /** The sample agent against {@code server}, with the task and tool pointcuts set. */
  static Jvm.Builder agent(Path jdk, OpenAiWireServer server) {
    return Jvm.builder()
        .jdk(jdk)
        .classpath(classpath().toArray(new String[0]))
        .mainClass("com.acme.openai.OpenAiAgentApp")
        .args(server.baseUrl())
        .sysProp("clude.obs.pointcuts.task", TASK)
        .sysProp("clude.obs.pointcuts.tool", TOOL)
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
    return entries;
  }
}
