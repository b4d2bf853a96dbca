package io.cludeobs.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Launches a sample app in a separate JVM, usually with {@code -javaagent:clude-obs.jar}, and captures its output.
 *
 * <p>The child's environment is hermetic: CLUDE_OBS_*, OTEL_*, JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS and
 * _JAVA_OPTIONS of the test JVM are not inherited. Unless the test sets {@code clude.obs.data_dir}, a fresh temp
 * dir is passed (see {@link Builder#dataDir()}); it is left on disk so a failed run can be inspected.
 */
public final class Jvm {

  static final String AGENT_JAR_PROPERTY = "clude.it.agentJar";
  static final String TEST_CLASSES_PROPERTY = "clude.it.testClasses";
  static final String DATA_DIR_PROPERTY = "clude.obs.data_dir";
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private Jvm() {}

  /** A builder with defaults: the test JVM's JDK, the agent from clude.it.agentJar, the test classes as classpath. */
  public static Builder builder() {
    return new Builder();
  }

  /** Describes one JVM to launch; reusable, each run/start launches a new process. */
  public static final class Builder {
    private Path javaHome = Jdks.current();
    private boolean agentSet;
    private Path agent;
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> sysProps = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private List<String> classpath;
    private String mainClass;
    private final List<String> args = new ArrayList<>();
    private Path workingDir;
    private Path defaultDataDir;

    private Builder() {}

    /** The java.home to run ({@code <javaHome>/bin/java}). */
    public Builder jdk(Path javaHome) {
      this.javaHome = Objects.requireNonNull(javaHome, "javaHome");
      return this;
    }

    /** The agent jar for {@code -javaagent}; {@code null} runs without an agent. */
    public Builder agent(Path jar) {
      this.agentSet = true;
      this.agent = jar;
      return this;
    }

    /** Runs without {@code -javaagent}. */
    public Builder noAgent() {
      return agent(null);
    }

    /** Extra JVM options placed before everything else, e.g. {@code -Xmx64m}. */
    public Builder jvmArgs(String... options) {
      for (String option : options) {
        jvmArgs.add(Objects.requireNonNull(option, "option"));
      }
      return this;
    }

    /** Adds {@code -Dkey=value}. */
    public Builder sysProp(String key, String value) {
      sysProps.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Sets an environment variable of the child; {@code null} removes it. */
    public Builder env(String key, String value) {
      env.put(Objects.requireNonNull(key, "key"), value);
      return this;
    }

    /** Replaces the classpath (default: the clude.it.testClasses directory). */
    public Builder classpath(String... entries) {
      List<String> list = new ArrayList<>();
      for (String entry : entries) {
        list.add(Objects.requireNonNull(entry, "entry"));
      }
      classpath = list;
      return this;
    }

    /** The main class to run. */
    public Builder mainClass(String mainClass) {
      this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
      return this;
    }

    /** Program arguments, appended to any given before. */
    public Builder args(String... arguments) {
      for (String argument : arguments) {
        args.add(Objects.requireNonNull(argument, "argument"));
      }
      return this;
    }

    /** The child's working directory (default: the test JVM's). */
    public Builder workingDir(Path dir) {
      this.workingDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Sets {@code -Dclude.obs.data_dir}. */
    public Builder dataDir(Path dir) {
      return sysProp(DATA_DIR_PROPERTY, dir.toString());
    }

    /** The data dir the child gets: the one set by the test, else a temp dir created on first use. */
    public Path dataDir() {
      String set = sysProps.get(DATA_DIR_PROPERTY);
      if (set != null) {
        return Path.of(set);
      }
      if (defaultDataDir == null) {
        try {
          defaultDataDir = Files.createTempDirectory("clude-it-data-");
        } catch (IOException e) {
          throw new UncheckedIOException("could not create a temp data dir for the child JVM", e);
        }
      }
      return defaultDataDir;
    }

    /** The full command line this builder launches. */
    public List<String> command() {
      if (mainClass == null) {
        throw new IllegalStateException("Jvm main class is not set; call Jvm.builder().mainClass(\"com.example.Main\")");
      }
      List<String> command = new ArrayList<>();
      command.add(javaHome.resolve("bin").resolve("java").toString());
      command.addAll(jvmArgs);
      Path agentJar = agentJar();
      if (agentJar != null) {
        command.add("-javaagent:" + agentJar);
      }
      Map<String, String> props = new LinkedHashMap<>(sysProps);
      props.putIfAbsent(DATA_DIR_PROPERTY, dataDir().toString());
      props.forEach((k, v) -> command.add("-D" + k + "=" + v));
      command.add("-cp");
      command.add(String.join(File.pathSeparator, classpath == null ? List.of(defaultClasspath()) : classpath));
      command.add(mainClass);
      command.addAll(args);
      return command;
    }

    private Path agentJar() {
      Path jar = agent;
      if (!agentSet) {
        String property = System.getProperty(AGENT_JAR_PROPERTY);
        if (property == null) {
          throw new IllegalStateException(
              "system property " + AGENT_JAR_PROPERTY + " is not set; run the test through Maven "
                  + "(integration-tests/pom.xml sets it) or call Jvm.builder().agent(path) / noAgent()");
        }
        jar = Path.of(property);
      }
      if (jar != null && !Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            "agent jar " + jar + " does not exist; build it first with "
                + "`mvn -B -pl agent -am package -DskipTests` or call Jvm.builder().noAgent()");
      }
      return jar;
    }

    private static String defaultClasspath() {
      String property = System.getProperty(TEST_CLASSES_PROPERTY);
      if (property != null) {
        return property;
      }
      // outside Maven (e.g. an IDE) the test classes are wherever this class was loaded from
      try {
        return Path.of(Jvm.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
      } catch (URISyntaxException e) {
        throw new IllegalStateException("system property " + TEST_CLASSES_PROPERTY + " is not set; pass it or call classpath(...)", e);
      }
    }

    private Process launch() {
      List<String> command = command();
      ProcessBuilder builder = new ProcessBuilder(command);
      if (workingDir != null) {
        builder.directory(workingDir.toFile());
      }
      Map<String, String> environment = builder.environment();
      for (Iterator<String> keys = environment.keySet().iterator(); keys.hasNext(); ) {
        String key = keys.next();
        if (isNonHermetic(key)) {
          keys.remove();
        }
      }
      env.forEach(
          (k, v) -> {
            if (v == null) {
              environment.remove(k);
            } else {
              environment.put(k, v);
            }
          });
      try {
        Process process = builder.start();
        // sample apps must not block on stdin; EOF makes that obvious
        process.getOutputStream().close();
        return process;
      } catch (IOException e) {
        throw new UncheckedIOException("could not start " + String.join(" ", command), e);
      }
    }

    /**
     * Runs the JVM to completion.
     *
     * @throws TimeoutError when it is still running after {@code timeout}; the process tree is killed first
     */
    public Result run(Duration timeout) {
      try (Running running = start()) {
        return running.awaitExit(timeout);
      }
    }

    /** Starts the JVM and returns at once; close the result in {@code finally} (or try-with-resources). */
    public Running start() {
      Path dataDir = dataDir();
      List<String> command = command();
      return new Running(launch(), command, dataDir);
    }
  }

  static boolean isNonHermetic(String envName) {
    return envName.startsWith("CLUDE_OBS_")
        || envName.startsWith("OTEL_")
        || envName.equals("JAVA_TOOL_OPTIONS")
        || envName.equals("JDK_JAVA_OPTIONS")
        || envName.equals("_JAVA_OPTIONS");
  }

  /** What a finished JVM printed and returned. */
  public static final class Result {
    private final int exitCode;
    private final String stdout;
    private final String stderr;
    private final List<String> command;
    private final Path dataDir;

    Result(int exitCode, String stdout, String stderr, List<String> command, Path dataDir) {
      this.exitCode = exitCode;
      this.stdout = stdout;
      this.stderr = stderr;
      this.command = command;
      this.dataDir = dataDir;
    }

    /** The exit code (143 after a SIGTERM from {@link Running#stop()}). */
    public int exitCode() {
      return exitCode;
    }

    /** Everything written to stdout. */
    public String stdout() {
      return stdout;
    }

    /** Everything written to stderr. */
    public String stderr() {
      return stderr;
    }

    /** The command line that was run. */
    public List<String> command() {
      return command;
    }

    /** The clude.obs.data_dir the JVM was given. */
    public Path dataDir() {
      return dataDir;
    }

    /** Throws an AssertionError showing both streams unless the exit code is {@code expected}. */
    public Result assertExitCode(int expected) {
      if (exitCode != expected) {
        throw new AssertionError("expected exit code " + expected + " but got " + this);
      }
      return this;
    }

    @Override
    public String toString() {
      return describe("exit code " + exitCode, command, stdout, stderr);
    }
  }

  /** Thrown when a JVM overruns its timeout; the process tree has been killed and its output is attached. */
  public static final class TimeoutError extends AssertionError {
    private static final long serialVersionUID = 1L;
    private final transient long pid;
    private final transient String stdout;
    private final transient String stderr;

    TimeoutError(String message, long pid, String stdout, String stderr) {
      super(message);
      this.pid = pid;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    /** The pid of the killed JVM. */
    public long pid() {
      return pid;
    }

    /** What it wrote to stdout before it was killed. */
    public String stdout() {
      return stdout;
    }

    /** What it wrote to stderr before it was killed. */
    public String stderr() {
      return stderr;
    }
  }

  /** A started JVM; {@link #close()} kills it (and its children) if it is still running. */
  public static final class Running implements AutoCloseable {
    private final Process process;
    private final List<String> command;
    private final Path dataDir;
    private final ProcessOutput stdout;
    private final ProcessOutput stderr;
    private Result result;

    Running(Process process, List<String> command, Path dataDir) {
      this.process = process;
      this.command = List.copyOf(command);
      this.dataDir = dataDir;
      this.stdout = new ProcessOutput(process.getInputStream(), "jvm-" + process.pid() + "-stdout");
      this.stderr = new ProcessOutput(process.getErrorStream(), "jvm-" + process.pid() + "-stderr");
    }

    /** The child's process id. */
    public long pid() {
      return process.pid();
    }

    /** Whether the child is still running. */
    public boolean isAlive() {
      return process.isAlive();
    }

    /** The stdout written so far. */
    public String stdout() {
      return stdout.text();
    }

    /** The stderr written so far. */
    public String stderr() {
      return stderr.text();
    }

    /** The clude.obs.data_dir the JVM was given. */
    public Path dataDir() {
      return dataDir;
    }

    /**
     * Waits until stdout has a line containing {@code text} and returns that line.
     *
     * @throws AssertionError if the JVM exits or the timeout passes first, with everything it printed
     */
    public String awaitStdoutLine(String text, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      String line = stdout.awaitLine(text, deadline);
      if (line != null) {
        return line;
      }
      // stdout can reach EOF a moment before the process is reaped; wait for that so the message says "exited"
      waitFor(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      String state = process.isAlive() ? "still running after " + timeout : "exited with code " + process.exitValue();
      throw new AssertionError(
          describe("no stdout line containing '" + text + "'; the JVM is " + state, command, stdout(), stderr()));
    }

    /**
     * Waits for the JVM to exit on its own.
     *
     * @throws TimeoutError when it is still running after {@code timeout}; the process tree is killed first
     */
    public synchronized Result awaitExit(Duration timeout) {
      if (result != null) {
        return result;
      }
      if (!waitFor(timeout)) {
        killTree();
        throw new TimeoutError(
            describe("JVM did not exit within " + timeout + " and was killed (pid " + process.pid() + ")", command, stdout(), stderr()),
            process.pid(),
            stdout(),
            stderr());
      }
      return finish();
    }

    /**
     * Asks the JVM to terminate (SIGTERM, so shutdown hooks such as the agent's final flush run), kills the process
     * tree if it is not gone within 10 seconds, and returns what it printed.
     */
    public synchronized Result stop() {
      if (result != null) {
        return result;
      }
      List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
      // via the handle: Process.destroy() also closes our pipes, losing what shutdown hooks print
      process.toHandle().destroy();
      if (!waitFor(STOP_GRACE)) {
        killTree();
      }
      for (ProcessHandle child : descendants) {
        child.destroyForcibly();
      }
      return finish();
    }

    /** Same as {@link #stop()}, ignoring the result; safe to call more than once. */
    @Override
    public void close() {
      stop();
    }

    private boolean waitFor(Duration timeout) {
      try {
        return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        killTree();
        throw new AssertionError("interrupted while waiting for " + String.join(" ", command), e);
      }
    }

    private void killTree() {
      // collect first: once the parent dies its children are re-parented and no longer its descendants
      List<ProcessHandle> tree = process.descendants().collect(Collectors.toList());
      // via the handle: Process.destroyForcibly() also closes our pipes, losing output not yet drained
      process.toHandle().destroyForcibly();
      for (ProcessHandle child : tree) {
        child.destroyForcibly();
      }
      try {
        process.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle child : tree) {
          child.onExit().get(10, TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        // best effort: the caller reports the timeout either way
      }
      stdout.awaitEnd(5_000);
      stderr.awaitEnd(5_000);
    }

    private Result finish() {
      stdout.awaitEnd(5_000);
      stderr.awaitEnd(5_000);
      result = new Result(process.exitValue(), stdout.text(), stderr.text(), command, dataDir);
      return result;
    }
  }

  static String describe(String headline, List<String> command, String stdout, String stderr) {
    return headline
        + "\ncommand: " + String.join(" ", command)
        + "\n--- stdout ---\n" + stdout
        + (stdout.isEmpty() || stdout.endsWith("\n") ? "" : "\n")
        + "--- stderr ---\n" + stderr;
  }
}
