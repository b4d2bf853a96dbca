package io.cludeobs.it.springai;

import io.cludeobs.it.support.Jvm;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** How the Spring AI modules' tests launch their sample app (each module has its own {@code com.acme.springai}). */
public final class SpringAiRuns {

  public static final String TASK = "com.acme.springai.SpringAiAgent#run";

  private SpringAiRuns() {}

  /** The sample app against {@code server}, with a task pointcut around the agent turn. */
  public static Jvm.Builder app(Path jdk, SpringAiWireServer server) {
    return Jvm.builder()
        .jdk(jdk)
        .classpath(classpath().toArray(new String[0]))
        .mainClass("com.acme.springai.SpringAiApp")
        .args(server.host())
        .sysProp("clude.obs.pointcuts.task", TASK)
        .sysProp("clude.obs.metrics.jvm", "false")
        .sysProp("clude.obs.metrics.system", "false");
  }

  /**
   * This module's test classes and the library jars of its test class path: Spring Boot, Spring AI
   * and their dependencies. The reactor's own jars (the agent, the support test-jar) stay out: the
   * agent must come from -javaagent alone.
   */
  public static List<String> classpath() {
    List<String> entries = new ArrayList<>();
    entries.add(System.getProperty("clude.it.testClasses"));
    String surefire = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    for (String entry : surefire.split(File.pathSeparator)) {
      String unix = entry.replace(File.separatorChar, '/');
      if (unix.endsWith(".jar") && !unix.contains("/target/")) {
        entries.add(entry);
      }
    }
    return entries;
  }

  /**
   * The agent's own stderr lines. The executors instrumentation's notes about Spring's servlet
   * filters (no servlet API in a non-web app) are not this module's and are left out.
   */
  public static List<String> agentLines(String stderr) {
    return stderr.lines()
        .filter(l -> l.startsWith("clude-obs:"))
        .filter(l -> !l.startsWith("clude-obs: could not instrument org.springframework.web.filter."))
        .collect(Collectors.toList());
  }
}
