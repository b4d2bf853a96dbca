package io.cludeobs.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JvmTest {

  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

  @ParameterizedTest
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void runsAMainClassOnEveryJdkAndCapturesEverything(String jdkName) {
    Path jdk = Jdks.resolve(jdkName);

    Jvm.Result result =
        Jvm.builder()
            .jdk(jdk)
            .noAgent()
            .sysProp("it.greeting", "hi there")
            .env("IT_CHILD_ONLY", "yes")
            .mainClass(EchoMain.class.getName())
            .args("out:hello", "err:oops", "version", "prop:it.greeting", "env:IT_CHILD_ONLY", "exit:3")
            .run(RUN_TIMEOUT);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout())
        .isEqualTo(
            "hello\nversion " + Jdks.featureVersion(jdk) + "\nprop it.greeting=hi there\nenv IT_CHILD_ONLY=yes\n");
    assertThat(result.stderr()).isEqualTo("oops\n");
    assertThat(result.command()).allSatisfy(arg -> assertThat(arg).doesNotStartWith("-javaagent"));
    assertThat(result.command().get(0)).isEqualTo(jdk.resolve("bin").resolve("java").toString());
  }

  @Test
  void childDoesNotInheritOtelOrCludeObsVariables() {
    // integration-tests/pom.xml gives the surefire JVM these two variables so this test can see them being dropped
    Assumptions.assumeTrue(
        "leaked".equals(System.getenv("OTEL_IT_HERMETIC_CHECK")), "run through Maven to get OTEL_IT_HERMETIC_CHECK");
    assertThat(System.getenv("CLUDE_OBS_IT_HERMETIC_CHECK")).isEqualTo("leaked");

    Jvm.Result result =
        echo("env:OTEL_IT_HERMETIC_CHECK", "env:CLUDE_OBS_IT_HERMETIC_CHECK", "env:OTEL_SET_BY_TEST")
            .env("OTEL_SET_BY_TEST", "explicit")
            .run(RUN_TIMEOUT)
            .assertExitCode(0);

    assertThat(result.stdout())
        .isEqualTo("env OTEL_IT_HERMETIC_CHECK=null\nenv CLUDE_OBS_IT_HERMETIC_CHECK=null\nenv OTEL_SET_BY_TEST=explicit\n");
  }

  @Test
  void nonHermeticVariableNames() {
    assertThat(Jvm.isNonHermetic("OTEL_EXPORTER_OTLP_ENDPOINT")).isTrue();
    assertThat(Jvm.isNonHermetic("CLUDE_OBS_ENABLED")).isTrue();
    assertThat(Jvm.isNonHermetic("JAVA_TOOL_OPTIONS")).isTrue();
    assertThat(Jvm.isNonHermetic("JDK_JAVA_OPTIONS")).isTrue();
    assertThat(Jvm.isNonHermetic("_JAVA_OPTIONS")).isTrue();
    assertThat(Jvm.isNonHermetic("PATH")).isFalse();
    assertThat(Jvm.isNonHermetic("CLUDE_OBSERVER")).isFalse();
  }

  @Test
  void passesAFreshTempDataDirUnlessTheTestSetsOne(@TempDir Path mine) {
    Jvm.Result defaulted = echo("prop:clude.obs.data_dir").run(RUN_TIMEOUT).assertExitCode(0);
    Jvm.Result chosen = echo("prop:clude.obs.data_dir").dataDir(mine).run(RUN_TIMEOUT).assertExitCode(0);

    assertThat(defaulted.stdout()).isEqualTo("prop clude.obs.data_dir=" + defaulted.dataDir() + "\n");
    assertThat(defaulted.dataDir()).isDirectory().isEmptyDirectory().isNotEqualTo(mine);
    assertThat(chosen.stdout()).isEqualTo("prop clude.obs.data_dir=" + mine + "\n");
    assertThat(chosen.dataDir()).isEqualTo(mine);
  }

  @Test
  void killsTheProcessTreeOnTimeoutAndReportsWhatItPrinted() {
    Jvm.TimeoutError timeout = null;
    try {
      echo("out:started", "err:working", "spawn", "sleep:600000").run(Duration.ofSeconds(8));
    } catch (Jvm.TimeoutError e) {
      timeout = e;
    }

    assertThat(timeout).as("run() must throw when the JVM overruns").isNotNull();
    assertThat(timeout.stdout()).startsWith("started\nchild-pid ");
    assertThat(timeout.stderr()).isEqualTo("working\n");
    assertThat(timeout.getMessage())
        .startsWith("JVM did not exit within PT8S and was killed (pid " + timeout.pid() + ")\ncommand: ")
        .contains("--- stdout ---\nstarted\nchild-pid ")
        .endsWith("--- stderr ---\nworking\n");
    long childPid = Long.parseLong(timeout.stdout().split("\n")[1].substring("child-pid ".length()).trim());
    assertThat(isRunning(timeout.pid())).as("killed JVM").isFalse();
    assertThat(isRunning(childPid)).as("its child JVM").isFalse();
  }

  @Test
  void startedJvmCanBeAwaitedAndStoppedGracefully() {
    Jvm.Result result;
    long pid;
    try (Jvm.Running running = echo("hook", "out:warming up", "out:ready on port 1234", "sleep:600000").start()) {
      assertThat(running.awaitStdoutLine("ready on", RUN_TIMEOUT)).isEqualTo("ready on port 1234");
      pid = running.pid();
      assertThat(running.isAlive()).isTrue();

      result = running.stop();

      assertThat(running.isAlive()).isFalse();
      assertThat(running.stop()).isSameAs(result);
    }

    // SIGTERM lets shutdown hooks (the agent's final flush) run; the JVM then exits with 128 + 15
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(143);
    assertThat(result.stdout()).as(result.toString()).isEqualTo("warming up\nready on port 1234\nshutdown hook ran\n");
    assertThat(isRunning(pid)).isFalse();
  }

  @Test
  void awaitStdoutLineFailsAtOnceWhenTheJvmExits() {
    try (Jvm.Running running = echo("out:bye", "err:fatal", "exit:7").start()) {
      assertThatThrownBy(() -> running.awaitStdoutLine("never printed", RUN_TIMEOUT))
          .isInstanceOf(AssertionError.class)
          .hasMessageStartingWith("no stdout line containing 'never printed'; the JVM is exited with code 7\n")
          .hasMessageContaining("--- stdout ---\nbye\n--- stderr ---\nfatal\n");
    }
  }

  @Test
  void commandLineOrder(@TempDir Path dir) throws IOException {
    Path agent = Files.createFile(dir.resolve("agent.jar"));
    Path data = dir.resolve("data");

    List<String> command =
        Jvm.builder()
            .jdk(Path.of("/opt/jdk"))
            .agent(agent)
            .jvmArgs("-Xmx64m")
            .sysProp("a", "1")
            .dataDir(data)
            .classpath("one.jar", "two")
            .mainClass("com.example.Main")
            .args("x", "y")
            .command();

    assertThat(command)
        .containsExactly(
            "/opt/jdk/bin/java", "-Xmx64m", "-javaagent:" + agent, "-Da=1", "-Dclude.obs.data_dir=" + data,
            "-cp", "one.jar:two", "com.example.Main", "x", "y");
  }

  @Test
  void missingAgentJarOrMainClassFailsWithTheFix() {
    assertThatThrownBy(() -> Jvm.builder().agent(Path.of("/nonexistent/clude-obs.jar")).mainClass("M").command())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "agent jar /nonexistent/clude-obs.jar does not exist; build it first with "
                + "`mvn -B -pl agent -am package -DskipTests` or call Jvm.builder().noAgent()");
    assertThatThrownBy(() -> Jvm.builder().noAgent().command())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Jvm main class is not set; call Jvm.builder().mainClass(\"com.example.Main\")");
  }

  private static Jvm.Builder echo(String... args) {
    return Jvm.builder().noAgent().mainClass(EchoMain.class.getName()).args(args);
  }

  private static boolean isRunning(long pid) {
    // a killed child re-parented to a non-reaping init lingers as a zombie; it runs no code any more
    Path stat = Path.of("/proc/" + pid + "/stat");
    try {
      if (Files.exists(stat)) {
        String content = Files.readString(stat);
        char state = content.charAt(content.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
      }
    } catch (IOException e) {
      // the process went away while we looked
    }
    return false;
  }
}
