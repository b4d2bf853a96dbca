package io.cludeobs.agent.profiling;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.profiling.ProfileAnalysis.Filter;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.nio.file.Files;
import java.time.Duration;
import jdk.jfr.Recording;
import net.bytebuddy.agent.ByteBuddyAgent;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real JFR recording in this JVM: span files, rotation into two chunks, and samples attributed to a tool. */
class ProfileRecorderTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @TempDir Path dataDir;

  static volatile long sink;

  private static SpanContext ctx(String spanId) {
    return SpanContext.create(TRACE, spanId, TraceFlags.getSampled(), TraceState.getDefault());
  }

  static void burn(long millis) {
    long end = System.nanoTime() + millis * 1_000_000L;
    long x = 0;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 10_000; i++) {
        x = x * 31 + i;
      }
    }
    sink = x;
  }

  @Test
  void samplesOfACpuHeavyToolAreAttributedToIt() throws Exception {
    List<String> problems = new ArrayList<>();
    ProfileRecorder recorder =
        ProfileRecorder.start(dataDir, true, true, true, java.time.Duration.ofMillis(50), 20, 7, s -> {}, problems::add);
    assertThat(problems).isEmpty();
    assertThat(recorder).isNotNull();
    SpanProfiler spans = recorder.spans();
    Thread worker =
        new Thread(
            () -> {
              Object task = spans.begin(ctx("00000000000000a1"), SpanContext.getInvalid(), "task", "invoke_agent T.run", null);
              Object burnTool = spans.begin(ctx("00000000000000b1"), ctx("00000000000000a1"), "tool", "execute_tool burn", "burn");
              burn(1500);
              SpanProfiler.end(burnTool);
              Object napTool = spans.begin(ctx("00000000000000c1"), ctx("00000000000000a1"), "tool", "execute_tool nap", "nap");
              try {
                Thread.sleep(500);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              SpanProfiler.end(napTool);
              SpanProfiler.end(task);
            },
            "app-worker");
    worker.start();
    Thread.sleep(700);
    // the running chunk's file exists, empty until the chunk ends; a reader skips it without complaint
    assertThat(ProfileFiles.list(dataDir)).hasSize(1);
    assertThat(Files.size(ProfileFiles.list(dataDir).get(0))).isZero();
    assertThat(ProfileAnalysis.read(dataDir, null, null).unreadableFiles()).isZero();
    // a rotation in the middle of the burn: the spans land in the second chunk's span file, their samples in both
    recorder.rotate();
    worker.join();
    recorder.stop();

    List<Path> files = ProfileFiles.list(dataDir);
    assertThat(files).hasSize(2);
    for (Path f : files) {
      assertThat(f.getFileName().toString()).matches("profile-\\d{8}T\\d{6}-\\d+\\.[01]\\.jfr");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
      Path spanFile = ProfileFiles.spanFile(f);
      assertThat(spanFile.getFileName().toString()).isEqualTo(f.getFileName().toString().replace(".jfr", ".spans"));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spanFile))).isEqualTo("rw-------");
    }
    List<String> inFirst = new ArrayList<>();
    SpanFile.read(ProfileFiles.spanFile(files.get(0)), (t, s, e, th, tl, id, p, c, n, tool) -> inFirst.add(n));
    assertThat(inFirst).isEmpty();
    List<String> inSecond = new ArrayList<>();
    SpanFile.read(ProfileFiles.spanFile(files.get(1)), (t, s, e, th, tl, id, p, c, n, tool) -> inSecond.add(n));
    assertThat(inSecond).containsExactly("execute_tool burn", "execute_tool nap", "invoke_agent T.run");

    ProfileAnalysis analysis = ProfileAnalysis.read(dataDir, null, null);
    assertThat(analysis.unreadableFiles()).isZero();
    assertThat(analysis.spans())
        .extracting(ProfileAnalysis.ProfiledSpan::spanId)
        .containsExactly("00000000000000a1", "00000000000000b1", "00000000000000c1");
    assertThat(analysis.spans().get(1).toolName()).isEqualTo("burn");
    assertThat(analysis.spans().get(1).threadId()).isEqualTo(worker.getId());

    Map<String, ResourceUsage> byTool = analysis.resourcesByTool();
    // 1.5 s on the CPU at one sample per 50 ms is about 30; a busy shared machine gets fewer
    assertThat(byTool.get("burn").cpuSamples()).isGreaterThan(15);
    assertThat(byTool.get("nap").cpuSamples()).isZero();
    assertThat(analysis.resourcesBySpan().get("00000000000000a1").cpuSamples())
        .isGreaterThanOrEqualTo(byTool.get("burn").cpuSamples());

    Map<String, Long> flame = analysis.flameGraph(Filter.tool("burn"));
    assertThat(flame.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(byTool.get("burn").cpuSamples());
    assertThat(flame.keySet().stream().filter(k -> !k.contains(ProfileRecorderTest.class.getName() + ".burn")).collect(Collectors.toList()))
        .isEmpty();
  }

  @Test
  void withTheAgentsInstrumentationEveryChunkFlushesOncePerChunkInsteadOfEverySecond() throws Exception {
    assertThat(ProfileRecorder.flushOncePerChunk(ByteBuddyAgent.install())).isTrue();
    // JFR's own default, which the profiler's recordings no longer have
    Recording plain = new Recording();
    assertThat(JfrAccess.flushInterval(plain)).isEqualTo(Duration.ofSeconds(1));
    plain.close();
    ProfileRecorder recorder =
        ProfileRecorder.start(dataDir, true, false, false, 7, s -> {}, s -> { throw new AssertionError(s); });
    try {
      assertThat(JfrAccess.flushInterval(recorder.current())).isEqualTo(ProfileRecorder.ROTATE_EVERY);
      recorder.rotate();
      assertThat(JfrAccess.flushInterval(recorder.current())).isEqualTo(ProfileRecorder.ROTATE_EVERY);
    } finally {
      recorder.stop();
    }
  }

  @Test
  void theAgentsOwnThreadsAreLeftOutOfTheRecording() throws Exception {
    assertThat(ProfileRecorder.flushOncePerChunk(ByteBuddyAgent.install())).isTrue();
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    Runnable work =
        () -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          burn(800);
        };
    Thread agentThread = new Thread(work, "clude-obs-test-burner");
    Thread appThread = new Thread(work, "app-burner");
    agentThread.start();
    appThread.start();
    ProfileRecorder recorder =
        ProfileRecorder.start(
            dataDir, true, true, false, Duration.ofMillis(20), 1000, 7, s -> {}, s -> { throw new AssertionError(s); });
    go.countDown();
    agentThread.join();
    appThread.join();
    recorder.stop();

    Map<Long, Integer> cpuSamples = new java.util.HashMap<>();
    for (Path f : ProfileFiles.list(dataDir)) {
      for (jdk.jfr.consumer.RecordedEvent e : jdk.jfr.consumer.RecordingFile.readAllEvents(f)) {
        if (e.getEventType().getName().equals("jdk.ExecutionSample")) {
          cpuSamples.merge(e.getThread("sampledThread").getJavaThreadId(), 1, Integer::sum);
        } else if (e.getThread() != null && e.getThread().getJavaThreadId() == agentThread.getId()) {
          throw new AssertionError("an event of the agent's thread: " + e);
        }
      }
    }
    // 0.8 s at one sample per 20 ms is about 40 on a free core; the two threads share two cores with the rest
    assertThat(cpuSamples.getOrDefault(appThread.getId(), 0)).isGreaterThan(5);
    assertThat(cpuSamples.getOrDefault(agentThread.getId(), 0)).isZero();
  }

  @Test
  void settingsFollowTheSwitches() {
    Map<String, String> cpuOnly = ProfileRecorder.settings(true, false, false);
    assertThat(cpuOnly)
        .containsEntry("jdk.ExecutionSample#enabled", "true")
        .containsEntry("jdk.ExecutionSample#period", "100 ms")
        .doesNotContainKey(ProfileAnalysis.LEGACY_SPAN_EVENT + "#enabled")
        .containsEntry("jdk.GarbageCollection#enabled", "true")
        .containsEntry("jdk.JavaMonitorEnter#threshold", "20 ms")
        .doesNotContainKey("jdk.ObjectAllocationSample#enabled")
        .doesNotContainKey("jdk.FileRead#enabled");
    Map<String, String> all = ProfileRecorder.settings(false, true, true);
    assertThat(all)
        .doesNotContainKey("jdk.ExecutionSample#enabled")
        .containsEntry("jdk.ObjectAllocationSample#throttle", "20/s")
        .containsEntry("jdk.FileRead#threshold", "10 ms")
        .containsEntry("jdk.SocketWrite#enabled", "true");
    Map<String, String> tuned = ProfileRecorder.settings(true, true, false, java.time.Duration.ofMillis(100), 40);
    assertThat(tuned)
        .containsEntry("jdk.ExecutionSample#period", "100 ms")
        .containsEntry("jdk.ObjectAllocationSample#throttle", "40/s");
  }
}
