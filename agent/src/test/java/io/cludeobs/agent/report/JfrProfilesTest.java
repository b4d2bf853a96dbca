package io.cludeobs.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JfrProfilesTest {

  @TempDir static Path dataDir;
  static Path jfr;
  static volatile long sink;

  /** Records this JVM burning CPU and allocating in two named methods. */
  @BeforeAll
  static void record() throws Exception {
    Files.createDirectories(dataDir.resolve("profiles"));
    jfr = dataDir.resolve("profiles").resolve("run.jfr");
    try (Recording r = new Recording()) {
      r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      r.enable("jdk.ObjectAllocationSample").with("throttle", "1000/s");
      r.start();
      // 400 ms of this thread's CPU time, not of the wall clock: on a loaded machine the thread may get little of
      // the wall time, and only running threads are sampled (a CI run once got a single sample in 400 ms)
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long cpuEnd = threads.getCurrentThreadCpuTime() + 400_000_000L;
      long wallEnd = System.nanoTime() + 20_000_000_000L;
      while (threads.getCurrentThreadCpuTime() < cpuEnd && System.nanoTime() < wallEnd) {
        burn();
        allocate();
      }
      r.stop();
      r.dump(jfr);
    }
  }

  private static void burn() {
    long x = sink;
    for (int i = 0; i < 200_000; i++) {
      x = x * 31 + i;
    }
    sink = x;
  }

  private static void allocate() {
    for (int i = 0; i < 200; i++) {
      sink += new byte[4096].length;
    }
  }

  @Test
  void foldsExecutionSamplesRootFirstWithOneCountPerSample() throws Exception {
    JfrProfiles profiles = JfrProfiles.read(dataDir, Instant.EPOCH, Instant.now().plusSeconds(60));
    Map<String, Long> cpu = profiles.flameGraph(ProfileSource.Kind.CPU, null, null);
    long samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      if (e.getEventType().getName().equals("jdk.ExecutionSample") && e.getStackTrace() != null) {
        samples++;
      }
    }
    assertThat(samples).isPositive();
    assertThat(cpu.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(samples);
    String burnt = JfrProfilesTest.class.getName() + ".burn";
    String caller = JfrProfilesTest.class.getName() + ".record;";
    assertThat(cpu.keySet()).anyMatch(k -> k.endsWith(caller + burnt));
    assertThat(profiles.files()).isEqualTo(1);
    assertThat(profiles.unreadableFiles()).isZero();
    assertThat(profiles.linkedToSpans()).isFalse();
    // Not linked to spans: nothing per trace or per tool.
    assertThat(profiles.flameGraph(ProfileSource.Kind.CPU, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", null)).isEmpty();
  }

  @Test
  void allocationWeighsStacksInBytes() {
    Map<String, Long> allocation =
        JfrProfiles.read(dataDir, Instant.EPOCH, Instant.now().plusSeconds(60)).flameGraph(ProfileSource.Kind.ALLOCATION, null, null);
    String allocating = JfrProfilesTest.class.getName() + ".allocate";
    assertThat(allocation.entrySet()).anyMatch(e -> e.getKey().endsWith(allocating) && e.getValue() >= 4096);
  }

  @Test
  void samplesOutsideTheRangeAreLeftOut() {
    Instant later = Instant.now().plusSeconds(60);
    JfrProfiles profiles = JfrProfiles.read(dataDir, later, later.plusSeconds(60));
    assertThat(profiles.flameGraph(ProfileSource.Kind.CPU, null, null)).isEmpty();
    assertThat(profiles.flameGraph(ProfileSource.Kind.ALLOCATION, null, null)).isEmpty();
  }

  @Test
  void aTornFileIsCountedAndTheOthersStillRead(@TempDir Path other) throws Exception {
    Files.createDirectories(other.resolve("profiles"));
    Files.copy(jfr, other.resolve("profiles").resolve("a.jfr"));
    Files.write(other.resolve("profiles").resolve("b.jfr"), new byte[] {'F', 'L', 'R', 0, 1, 2});
    JfrProfiles profiles = JfrProfiles.read(other, Instant.EPOCH, Instant.now().plusSeconds(60));
    assertThat(profiles.files()).isEqualTo(2);
    assertThat(profiles.unreadableFiles()).isEqualTo(1);
    assertThat(profiles.flameGraph(ProfileSource.Kind.CPU, null, null)).isNotEmpty();
  }

  @Test
  void noProfilesFolderIsNoProfile(@TempDir Path empty) {
    JfrProfiles profiles = JfrProfiles.read(empty, Instant.EPOCH, Instant.now());
    assertThat(profiles.files()).isZero();
    assertThat(profiles.flameGraph(ProfileSource.Kind.CPU, null, null)).isEmpty();
  }
}
