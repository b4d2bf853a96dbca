package io.cludeobs.it.profiling;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpJson;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The profiler in the real jar: a small agent app with a CPU-heavy tool and a sleeping one, run with profiling on.
 * The app is compiled here from source because the agent never weaves its own {@code io.cludeobs} packages.
 */
class ProfilingTest {

  static final String APP =
      "package com.acme.prof;\n"
          + "public final class ProfApp {\n"
          + "  public static void main(String[] args) throws Exception {\n"
          + "    Agent agent = new Agent();\n"
          + "    for (int i = 0; i < 3; i++) { agent.handle(i); }\n"
          + "    System.out.println(\"prof-app done \" + Crunch.sink);\n"
          + "  }\n"
          + "}\n"
          + "final class Agent {\n"
          + "  void handle(int i) throws Exception { new Crunch().crunch(500); new Nap().nap(300); }\n"
          + "}\n"
          + "final class Crunch {\n"
          + "  static volatile long sink;\n"
          + "  long crunch(int millis) {\n"
          + "    long end = System.nanoTime() + millis * 1_000_000L; long x = 0;\n"
          + "    while (System.nanoTime() < end) { for (int i = 0; i < 10_000; i++) { x = x * 31 + i; } }\n"
          + "    sink = x; return x;\n"
          + "  }\n"
          + "}\n"
          + "final class Nap {\n"
          + "  void nap(int millis) throws InterruptedException { Thread.sleep(millis); }\n"
          + "}\n";

  static Path compileApp(Path dir) throws IOException {
    Path src = dir.resolve("src/com/acme/prof/ProfApp.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, APP);
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "--release", "11", "-d", classes.toString(), src.toString());
    assertThat(rc).as("javac exit code").isZero();
    return classes;
  }

  /** One span from a chunk's span file, read here by the format docs/profiling.md gives. */
  static final class SpanEvent {
    final String spanId;
    final String toolName;
    final long thread;
    final Instant start;
    final Instant end;

    SpanEvent(String spanId, String toolName, long thread, long startEpochNanos, long endEpochNanos) {
      this.spanId = spanId;
      this.toolName = toolName;
      this.thread = thread;
      this.start = Instant.ofEpochSecond(0, startEpochNanos);
      this.end = Instant.ofEpochSecond(0, endEpochNanos);
    }

    boolean encloses(long t, Instant at) {
      return encloses(t, at, Duration.ZERO);
    }

    /** Whether {@code at} is on this span's thread and more than {@code margin} inside both of its ends. */
    boolean encloses(long t, Instant at, Duration margin) {
      return thread == t && !at.isBefore(start.plus(margin)) && !at.isAfter(end.minus(margin));
    }
  }

  /** The spans of one span file: "CLUDESPN", version 1, then 'S' string and 'R' span records, big-endian. */
  static List<SpanEvent> readSpanFile(Path file) throws IOException {
    List<SpanEvent> out = new ArrayList<>();
    List<String> strings = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      byte[] magic = new byte[8];
      in.readFully(magic);
      assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("CLUDESPN");
      assertThat(in.readInt()).isEqualTo(1);
      for (int tag = in.read(); tag != -1; tag = in.read()) {
        if (tag == 'S') {
          assertThat(in.readInt()).isEqualTo(strings.size());
          strings.add(in.readUTF());
        } else {
          assertThat(tag).isEqualTo('R');
          long thread = in.readLong();
          long start = in.readLong();
          long end = in.readLong();
          in.readLong(); // trace id, high and low
          in.readLong();
          String spanId = String.format("%016x", in.readLong());
          in.readLong(); // parent span id
          in.readInt(); // category
          in.readInt(); // span name
          int tool = in.readInt();
          out.add(new SpanEvent(spanId, tool < 0 ? null : strings.get(tool), thread, start, end));
        }
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void spanFilesMatchExportedSpansAndCpuSamplesLandInTheCpuHeavyTool(String jdk, @TempDir Path work)
      throws Exception {
    Path classes = compileApp(work);
    Jvm.Result run =
        Jvm.builder()
            .jdk(Jdks.resolve(jdk))
            .classpath(classes.toString())
            .mainClass("com.acme.prof.ProfApp")
            .sysProp("clude.obs.profiling_enabled", "true")
            // twice the default rate, so that the count below has room on a busy machine
            .sysProp("clude.obs.profiling.cpu_interval", "50ms")
            .sysProp("clude.obs.pointcuts.task", "com.acme.prof.Agent#handle")
            .sysProp("clude.obs.pointcuts.tool", "com.acme.prof.Crunch#crunch; com.acme.prof.Nap#nap")
            .run(Duration.ofSeconds(90));
    run.assertExitCode(0);
    assertThat(run.stdout()).contains("prof-app done");
    assertThat(run.stderr().lines().filter(l -> l.startsWith("clude-obs:"))).isEmpty();

    Path profiles = run.dataDir().resolve("profiles");
    List<Path> files;
    try (Stream<Path> s = Files.list(profiles)) {
      files = s.sorted().collect(Collectors.toList());
    }
    assertThat(files).isNotEmpty();
    assertThat(files)
        .allSatisfy(f -> assertThat(f.getFileName().toString()).matches("profile-\\d{8}T\\d{6}-\\d+\\.\\d+\\.(jfr|spans)"));
    assertThat(files.stream().filter(f -> f.toString().endsWith(".spans")).count())
        .isEqualTo(files.stream().filter(f -> f.toString().endsWith(".jfr")).count());

    List<SpanEvent> spans = new ArrayList<>();
    List<RecordedEvent> samples = new ArrayList<>();
    for (Path f : files) {
      if (f.toString().endsWith(".spans")) {
        spans.addAll(readSpanFile(f));
        continue;
      }
      for (RecordedEvent e : RecordingFile.readAllEvents(f)) {
        if (e.getEventType().getName().equals("jdk.ExecutionSample")) {
          samples.add(e);
        }
      }
    }

    List<Span> exported = OtlpJson.readTraceFiles(run.dataDir().resolve("traces"));
    Set<String> exportedIds =
        exported.stream().map(s -> hex(s.getSpanId())).collect(Collectors.toSet());
    assertThat(exportedIds).hasSize(9);
    assertThat(spans).hasSize(9);
    assertThat(spans.stream().map(s -> s.spanId).collect(Collectors.toSet())).isEqualTo(exportedIds);
    assertThat(spans.stream().filter(s -> s.toolName != null).map(s -> s.toolName).sorted())
        .containsExactly("crunch", "crunch", "crunch", "nap", "nap", "nap");

    int inCrunch = 0;
    int inNap = 0;
    int withCrunchFrame = 0;
    for (RecordedEvent sample : samples) {
      long thread = sample.getThread("sampledThread").getJavaThreadId();
      Instant at = sample.getStartTime();
      for (SpanEvent span : spans) {
        if (span.toolName != null && span.encloses(thread, at)) {
          if (span.toolName.equals("crunch")) {
            inCrunch++;
            withCrunchFrame += hasCrunchFrame(sample) ? 1 : 0;
          } else if (span.encloses(thread, at, NAP_EDGE)) {
            inNap++;
          }
        }
      }
    }
    // 1.5 s on the CPU at one sample per 50 ms is about 30; a busy shared machine gets fewer
    assertThat(inCrunch).isGreaterThan(15);
    assertThat(inNap).isZero();
    assertThat(withCrunchFrame).isEqualTo(inCrunch);

    // the same jar's command line reads this store: three 500 ms crunches are no bottleneck
    Jvm.Result cli =
        Jvm.builder()
            .jdk(Jdks.resolve(jdk))
            .noAgent()
            .classpath(System.getProperty("clude.it.agentJar"))
            .mainClass("io.cludeobs.agent.cli.Main")
            .args("bottlenecks", "--last", "1h", "--data-dir", run.dataDir().toString())
            .run(Duration.ofSeconds(60));
    cli.assertExitCode(0);
    assertThat(cli.stdout()).isEqualTo("no bottlenecks found\n");
  }

  /**
   * A nap span's ends are running code: the advice that opens and closes it, and on a loaded machine a sample taken
   * as the crunch before it returns can carry a JFR timestamp a little past the nap span's start (the two are read
   * from different clocks). Only samples this far inside a nap would show a sleeping thread sampled.
   */
  private static final Duration NAP_EDGE = Duration.ofMillis(20);

  private static boolean hasCrunchFrame(RecordedEvent sample) {
    for (RecordedFrame f : sample.getStackTrace().getFrames()) {
      if (f.getMethod().getType().getName().equals("com.acme.prof.Crunch") && f.getMethod().getName().equals("crunch")) {
        return true;
      }
    }
    return false;
  }

  private static String hex(ByteString id) {
    return HexFormat.of().formatHex(id.toByteArray());
  }
}
