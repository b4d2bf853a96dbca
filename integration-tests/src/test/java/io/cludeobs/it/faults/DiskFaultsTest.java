package io.cludeobs.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.faults.FaultsProbe;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpJson;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Local store disk faults: a read-only data dir, a data dir deleted while the app runs, and a full disk (a 256 KiB
 * tmpfs). Each gives one warning line naming clude.obs.data_dir and the path, the app's result and exit code are
 * unchanged, and after the deletion or once space is freed, spans are written again.
 *
 * <p>Mounting needs root or CAP_SYS_ADMIN; without it the tests fail and say so rather than skip.
 */
class DiskFaultsTest {

  private static Path root;
  private static final List<Path> MOUNTS = new ArrayList<>();

  @BeforeAll
  static void createRoot() throws IOException {
    root = Files.createTempDirectory("clude-disk-faults-");
  }

  @AfterAll
  static void unmountAndClean() throws Exception {
    for (Path mount : MOUNTS) {
      run("umount", mount.toString());
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Test
  void aReadOnlyDataDirGivesOneLineAndTheAppRunsOn() throws Exception {
    Path mount = mount("read-only", "ro,size=1m");
    Path dataDir = mount.resolve("data");

    Jvm.Result run = app(dataDir, "100", "5", root.resolve("ro-started").toString()).run(Duration.ofMinutes(2));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(5);
    assertThat(run.stdout()).contains("faults-app workload " + FaultsProbe.expectedResult(100));
    FaultRuns.assertNoAppThreadWasInExportCode(run);
    assertThat(agentLines(run)).as(run.stderr()).hasSize(1);
    assertThat(agentLines(run).get(0))
        .contains("data_dir " + dataDir, "is not writable", "set clude.obs.data_dir to a writable directory", "local store is off");
    assertThat(Files.exists(dataDir)).isFalse();
  }

  @Test
  void aDataDirDeletedWhileRunningIsCreatedAgainWithOneLine() throws Exception {
    Path dataDir = root.resolve("deleted/data");
    Path go = root.resolve("deleted-go");
    // 20 tasks a thread: 480 spans, less than a batch, written by the export interval while the app waits
    try (Jvm.Running app = app(dataDir, "20", "0", root.resolve("deleted-started").toString(), go.toString(), "1").start()) {
      app.awaitStdoutLine("faults-app waiting for", Duration.ofMinutes(2));
      awaitTraceLines(dataDir, FaultsProbe.THREADS * 20 * 8, app);
      deleteTree(dataDir);
      Files.createFile(go);
      Jvm.Result run = app.awaitExit(Duration.ofMinutes(2));

      run.assertExitCode(0);
      assertThat(run.stdout()).contains("faults-app after recovery " + FaultsProbe.expectedResult(1));
      FaultRuns.assertNoAppThreadWasInExportCode(run);
      assertThat(agentLines(run)).as(run.stderr()).hasSize(1);
      assertThat(agentLines(run).get(0))
          .contains("data_dir " + dataDir, "was deleted while running", "created it again", "clude.obs.data_dir");
      // only what came after the deletion: one afterRecovery span over 3 tasks of 8 spans; the first 480 went with it
      List<Span> spans = OtlpJson.readTraceFiles(dataDir.resolve("traces"));
      assertThat(spans).hasSize(1 + FaultsProbe.THREADS * 8);
      assertThat(spans.stream().filter(s -> s.getName().equals("FaultsApp.afterRecovery")).count()).isEqualTo(1);
    }
  }

  @Test
  void aFullDiskPausesTheStoreWithOneLineAndWritingResumesWhenSpaceIsFreed() throws Exception {
    Path mount = mount("full", "size=2m");
    // the filler leaves the agent about 56 KiB; deleting it is "space returns", enough for everything
    // still queued for export (the whole workload is about 1 MiB) and what comes after
    Path filler = Files.write(mount.resolve("filler"), new byte[(2048 - 56) * 1024]);
    Path dataDir = mount.resolve("data");
    Path go = root.resolve("full-go");
    try (Jvm.Running app = app(dataDir, "100", "0", root.resolve("full-started").toString(), go.toString(), "1").start()) {
      app.awaitStdoutLine("faults-app waiting for", Duration.ofMinutes(2));
      awaitAgentLine(app, "write failed");
      Files.delete(filler);
      Files.createFile(go);
      Jvm.Result run = app.awaitExit(Duration.ofMinutes(2));

      run.assertExitCode(0);
      assertThat(run.stdout())
          .contains(
              "faults-app workload " + FaultsProbe.expectedResult(100),
              "faults-app after recovery " + FaultsProbe.expectedResult(1));
      FaultRuns.assertNoAppThreadWasInExportCode(run);
      assertThat(agentLines(run)).as(run.stderr()).hasSize(1);
      assertThat(agentLines(run).get(0))
          .contains("data_dir " + dataDir, "write failed", "No space left on device", "local store paused", "clude.obs.data_dir");
      // every stored line is whole (the partial one was cut off) and the spans after the freeing are there
      List<Span> spans = OtlpJson.readTraceFiles(dataDir.resolve("traces"));
      assertThat(spans.stream().filter(s -> s.getName().equals("FaultsApp.afterRecovery")).count()).isEqualTo(1);
    }
  }

  private static Jvm.Builder app(Path dataDir, String... args) {
    return FaultRuns.faultsApp(args)
        .dataDir(dataDir)
        .sysProp("clude.obs.tracing.exporter", "file")
        .sysProp("clude.obs.metrics.storage_backend", "file");
  }

  private static List<String> agentLines(Jvm.Result run) {
    // the workload comes in one burst, which on a fast machine outruns the 2,048-span queue: the drop
    // lines are CollectorFaultsTest's subject (where drops are counted exactly), not this test's
    return run.stderr().lines()
        .filter(l -> l.startsWith("clude-obs:"))
        .filter(l -> !l.startsWith("clude-obs: dropped ") && !l.startsWith("clude-obs: at exit: "))
        .collect(Collectors.toList());
  }

  private static Path mount(String name, String options) throws Exception {
    Path dir = Files.createDirectories(root.resolve(name));
    String failure = run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString());
    if (failure != null) {
      throw new AssertionError(
          "DiskFaultsTest needs root or CAP_SYS_ADMIN to mount a tmpfs at " + dir + " (" + failure + "); run it as root");
    }
    MOUNTS.add(dir);
    return dir;
  }

  /** Runs a command; returns null on success, else its exit code and output. */
  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int code = process.waitFor();
    return code == 0 ? null : String.join(" ", command) + " exited " + code + ": " + output;
  }

  /** Waits until the trace files hold {@code spans} spans, so the deletion takes all of them. */
  private static void awaitTraceLines(Path dataDir, int spans, Jvm.Running app) throws Exception {
    await(
        spans + " spans in " + dataDir,
        () -> {
          try {
            return Files.isDirectory(dataDir.resolve("traces"))
                && OtlpJson.readTraceFiles(dataDir.resolve("traces")).size() == spans;
          } catch (RuntimeException lineBeingWritten) {
            return false;
          }
        },
        app);
  }

  private static void awaitAgentLine(Jvm.Running app, String text) throws Exception {
    await("an agent line containing '" + text + "'", () -> app.stderr().contains(text), app);
  }

  private interface Check {
    boolean holds() throws IOException;
  }

  private static void await(String what, Check check, Jvm.Running app) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!check.holds()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(what + " did not appear within a minute\nstdout:\n" + app.stdout() + "\nstderr:\n" + app.stderr());
      }
      Thread.sleep(50);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(p);
      }
    }
  }
}
