package io.cludeobs.agent.pointcut;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Application-like classes compiled by javac at test time: the agent never weaves {@code io.cludeobs.*},
 * so fixtures must live in packages of their own ({@code com.acme.*}), and javac's own bridges,
 * lambdas and initializers are the realistic input for the never-matched rules.
 */
final class FixtureClasses {
  private FixtureClasses() {}

  static final String[][] SOURCES = {
    {
      "com/acme/tools/Tool.java",
      "package com.acme.tools;\n"
          + "public interface Tool {\n"
          + "  String execute(String input);\n"
          + "  default String name() { return \"tool\"; }\n"
          + "}\n"
    },
    {
      "com/acme/tools/AbstractTool.java",
      "package com.acme.tools;\n"
          + "public abstract class AbstractTool implements Tool {\n"
          + "  public abstract String describe();\n"
          + "  protected void log(String message) {}\n"
          + "}\n"
    },
    {
      "com/acme/tools/ReadTool.java",
      "package com.acme.tools;\n"
          + "public class ReadTool extends AbstractTool {\n"
          + "  public ReadTool() {}\n"
          + "  public String execute(String input) {\n"
          + "    Runnable r = () -> log(input);\n"
          + "    r.run();\n"
          + "    return input;\n"
          + "  }\n"
          + "  public String describe() { return \"read\"; }\n"
          + "  static native void nativeRead();\n"
          + "}\n"
    },
    {
      "com/acme/tools/WriteTool.java",
      "package com.acme.tools;\n"
          + "public class WriteTool implements Tool {\n"
          + "  static int created;\n"
          + "  static { created = 1; }\n"
          + "  public String execute(String input) { return input; }\n"
          + "  public String execute(String input, int times) { return input; }\n"
          + "  public void write(byte[] data, String[][] grid, int[] offsets,\n"
          + "      java.util.Map<String, Object> meta) {}\n"
          + "}\n"
    },
    {
      "com/acme/tools/Handler.java",
      "package com.acme.tools;\n"
          + "public interface Handler<T> { T handle(T input); }\n"
    },
    {
      "com/acme/tools/StringHandler.java",
      "package com.acme.tools;\n"
          + "public class StringHandler implements Handler<String> {\n"
          + "  public String handle(String input) { return input; }\n"
          + "}\n"
    },
    {
      "com/acme/tools/Outer.java",
      "package com.acme.tools;\n"
          + "public class Outer {\n"
          + "  public void run() {}\n"
          + "  public static class Inner { public void run() {} }\n"
          + "}\n"
    },
    {
      "com/acme/tools/TaskList.java",
      "package com.acme.tools;\n"
          + "public class TaskList extends java.util.ArrayList<String> {\n"
          + "  @Override public boolean add(String task) { return super.add(task); }\n"
          + "}\n"
    },
    {
      "com/acme/agent/Traced.java",
      "package com.acme.agent;\n"
          + "import java.lang.annotation.*;\n"
          + "@Retention(RetentionPolicy.RUNTIME)\n"
          + "@Target({ElementType.TYPE, ElementType.METHOD})\n"
          + "public @interface Traced {}\n"
    },
    {
      "com/acme/agent/TracedService.java",
      "package com.acme.agent;\n"
          + "@Traced\n"
          + "public class TracedService {\n"
          + "  public void plan() {}\n"
          + "  void internal() {}\n"
          + "  public static void helper() {}\n"
          + "}\n"
    },
    {
      "com/acme/agent/PartlyTraced.java",
      "package com.acme.agent;\n"
          + "public class PartlyTraced {\n"
          + "  @Traced public void traced() {}\n"
          + "  @Traced void hidden() {}\n"
          + "  public void plain() {}\n"
          + "}\n"
    },
    {
      "com/acme/agent/Agent.java",
      "package com.acme.agent;\n"
          + "public class Agent {\n"
          + "  public void run() {}\n"
          + "  public void run(String goal, java.util.Map<String, Object> context) {}\n"
          + "  public int count(int n, long[] ids, java.util.List<String> tags) { return n; }\n"
          + "}\n"
    },
    {
      "com/acme/agent/Job.java",
      "package com.acme.agent;\n"
          + "public class Job implements java.util.concurrent.Callable<String> {\n"
          + "  public String call() { return \"done\"; }\n"
          + "}\n"
    },
    {
      "com/acme/agent/sub/DeepAgent.java",
      "package com.acme.agent.sub;\n"
          + "public class DeepAgent extends com.acme.agent.Agent {\n"
          + "  @Override public void run() {}\n"
          + "}\n"
    },
  };

  /** Compiles {@link #SOURCES} into {@code classes} (created if needed). */
  static void compile(Path sources, Path classes) throws IOException {
    Files.createDirectories(classes);
    List<String> args = new ArrayList<>();
    args.add("-d");
    args.add(classes.toString());
    args.add("-nowarn");
    for (String[] source : SOURCES) {
      Path file = sources.resolve(source[0]);
      Files.createDirectories(file.getParent());
      Files.write(file, source[1].getBytes(StandardCharsets.UTF_8));
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("tests need a JDK, not a JRE").isNotNull();
    int exit = javac.run(null, null, null, args.toArray(new String[0]));
    assertThat(exit).as("javac exit code").isZero();
  }

  /** Packs the class folder into a jar. */
  static Path jar(Path classes, Path jar) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out)) {
      for (Path file : files) {
        jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        jarOut.write(Files.readAllBytes(file));
        jarOut.closeEntry();
      }
    }
    return jar;
  }

  static URLClassLoader loader(Path classes) throws IOException {
    return new URLClassLoader(
        new URL[] {classes.toUri().toURL()}, FixtureClasses.class.getClassLoader());
  }
}
