package io.cludeobs.it.fileio;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpJson;
import io.cludeobs.it.support.SpanTree;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The file-I/O instrumentation in the real jar: {@code com.acme.files.FilesApp} on JDK 17 and 25. */
class FileIoTest {

  static final String TASK = "com.acme.files.FileTask#run";
  static final String TOOL = "com.acme.files.FileTool#execute";
  static final String[] KEYS = {
    "clude.file.operation", "file.path", "clude.file.target_path", "clude.file.bytes", "error.type"
  };

  /** What {@code Steps.all} gives inside the task: one span per opened handle or Files call. */
  static final String TASK_TREE =
      "invoke_agent FileTask.run\n"
          + op("write", "work/streams.txt", 5)
          + op("read", "work/streams.txt", 5)
          + op("write", "work/raf.bin", 10)
          + op("read", "work/raf.bin", 10)
          + op("write", "work/writer.txt", 7)
          + op("read", "work/writer.txt", 7)
          + op("write", "work/nio.txt", 8)
          + op("write", "work/nio.txt", 14)
          + op("read", "work/nio.txt", 14) // readAllBytes
          + op("read", "work/nio.txt", 14) // readString
          + op("read", "work/nio.txt", 14) // readAllLines
          + op("read", "work/nio.txt", 14) // lines
          + op("read", "work/nio.txt", 14) // newInputStream
          + op("write", "work/out.bin", 100)
          + op("read", "work/nio.txt", 14) // newBufferedReader
          + op("write", "work/buffered.txt", 10)
          + op("write", "work/channel.bin", 64)
          + op("read", "work/channel.bin", 64) // transferTo: source
          + op("write", "work/channel-copy.bin", 64) // transferTo: target
          + op("write", "work/channel-from.bin", 32) // transferFrom
          + "  file.list [clude.file.operation=list, file.path=work]\n"
          + "  file.walk [clude.file.operation=walk, file.path=work]\n"
          + "  file.read [clude.file.operation=read, file.path=work/missing.txt,"
          + " error.type=java.io.FileNotFoundException] !ERROR\n";

  /** What {@code Steps.changes} gives inside the tool call. */
  static final String TOOL_TREE =
      "execute_tool execute\n"
          + "  file.create [clude.file.operation=create, file.path=work/a.txt]\n"
          + op("write", "work/a.txt", 8)
          + "  file.copy [clude.file.operation=copy, file.path=work/a.txt, clude.file.target_path=work/b.txt,"
          + " clude.file.bytes=8]\n"
          + op("copy", "work/c.txt", 20)
          + op("copy", "work/a.txt", 8)
          + "  file.move [clude.file.operation=move, file.path=work/b.txt, clude.file.target_path=work/moved.txt]\n"
          + "  file.create_directory [clude.file.operation=create_directory, file.path=work/sub]\n"
          + "  file.create_directory [clude.file.operation=create_directory, file.path=work/deep/er]\n"
          + "  file.delete [clude.file.operation=delete, file.path=work/moved.txt]\n"
          + "  file.delete [clude.file.operation=delete, file.path=work/c.txt]\n"
          + "  file.delete [clude.file.operation=delete, file.path=work/never-existed.txt]\n";

  private static String op(String operation, String path, long bytes) {
    return "  file." + operation + " [clude.file.operation=" + operation + ", file.path=" + path
        + ", clude.file.bytes=" + bytes + "]\n";
  }

  static Jvm.Builder app(Path jdk, Path workingDir, String mode, String... flags) {
    List<String> args = new ArrayList<>(List.of("work", mode));
    args.addAll(List.of(flags));
    return Jvm.builder()
        .jdk(jdk)
        .workingDir(workingDir)
        .mainClass("com.acme.files.FilesApp")
        .args(args.toArray(new String[0]));
  }

  static Jvm.Builder traced(Path jdk, Path workingDir) {
    return app(jdk, workingDir, "traced")
        .sysProp("clude.obs.pointcuts.task", TASK)
        .sysProp("clude.obs.pointcuts.tool", TOOL);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void everyApiInsideASampledTraceIsOneSpanWithItsBytes(String jdk, @TempDir Path work) throws Exception {
    Jvm.Result run = traced(Jdks.resolve(jdk), work).run(Duration.ofSeconds(90));
    run.assertExitCode(0);
    assertThat(run.stdout()).contains("agent ready", "files-app done");
    assertThat(agentLines(run.stderr())).isEmpty();

    List<List<Span>> traces = SpanTree.byTrace(OtlpJson.readTraceFiles(run.dataDir().resolve("traces")));
    assertThat(traces).hasSize(2);
    List<String> trees = traces.stream().map(t -> SpanTree.render(t, KEYS)).sorted().collect(Collectors.toList());
    assertThat(trees).containsExactly(TOOL_TREE, TASK_TREE);

    // the metrics' exemplars are the spans the operations ran in (the task's or the tool's)
    Set<String> spanIds = new HashSet<>();
    traces.forEach(t -> t.forEach(sp -> spanIds.add(hex(sp.getTraceId()) + "/" + hex(sp.getSpanId()))));
    List<Metric> metrics = OtlpJson.readMetricFiles(run.dataDir().resolve("metrics"));
    for (String name : List.of("clude.file.operation.duration", "clude.file.io.size")) {
      List<String> exemplars = new ArrayList<>();
      histogramPoints(last(metrics, name))
          .forEach((k, p) -> p.getExemplarsList().forEach(e -> exemplars.add(hex(e.getTraceId()) + "/" + hex(e.getSpanId()))));
      assertThat(exemplars).as(name).isNotEmpty();
      assertThat(spanIds).as(name).containsAll(exemplars);
    }
  }

  static String hex(com.google.protobuf.ByteString bytes) {
    StringBuilder b = new StringBuilder();
    for (byte x : bytes.toByteArray()) {
      b.append(String.format("%02x", x));
    }
    return b.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void outsideTracesOnlyMetricsAreRecordedAndTheAgentsOwnWritesAreNot(String jdk, @TempDir Path work) {
    // linger: periodic exports write spans and metrics into the data dir while the app runs
    Jvm.Result run =
        app(Jdks.resolve(jdk), work, "plain", "linger")
            .sysProp("clude.obs.metrics.collection_interval", "500ms")
            .sysProp("clude.obs.tracing.export_interval", "500ms")
            .run(Duration.ofSeconds(90));
    run.assertExitCode(0);
    assertThat(run.stdout()).contains("agent ready", "files-app done");
    assertThat(agentLines(run.stderr())).isEmpty();

    // no span at all: not even an empty trace file
    assertThat(run.dataDir().resolve("traces")).doesNotExist();
    List<Metric> metrics = OtlpJson.readMetricFiles(run.dataDir().resolve("metrics"));
    assertExactPlainRunMetrics(metrics);
  }

  /** Operation counts of one run of Steps.all + Steps.changes (+ the app's createDirectories). */
  static final Map<String, Long> PLAIN_RUN_COUNTS = plainRunCounts();

  /** Operations and byte sums of the same run. */
  static final Map<String, String> PLAIN_RUN_SIZES =
      Map.of(
          "clude.file.operation=read", "10 ops, 170 bytes",
          "clude.file.operation=write", "11 ops, 322 bytes",
          "clude.file.operation=copy", "3 ops, 36 bytes");

  private static Map<String, Long> plainRunCounts() {
    Map<String, Long> counts = new TreeMap<>();
    counts.put("clude.file.operation=read", 10L);
    counts.put("clude.file.operation=read,error.type=java.io.FileNotFoundException", 1L);
    counts.put("clude.file.operation=write", 11L);
    counts.put("clude.file.operation=list", 1L);
    counts.put("clude.file.operation=walk", 1L);
    counts.put("clude.file.operation=create", 1L);
    counts.put("clude.file.operation=copy", 3L);
    counts.put("clude.file.operation=move", 1L);
    counts.put("clude.file.operation=create_directory", 3L);
    counts.put("clude.file.operation=delete", 3L);
    return counts;
  }

  /** The plain run's metrics as explicit-bucket histograms (the agent's own, by default). */
  static void assertExactPlainRunMetrics(List<Metric> metrics) {
    Metric duration = last(metrics, "clude.file.operation.duration");
    assertThat(duration.getUnit()).isEqualTo("s");
    Map<String, Long> counts = new TreeMap<>();
    histogramPoints(duration).forEach((k, p) -> {
      counts.put(k, p.getCount());
      assertThat(p.getBucketCountsList().stream().mapToLong(Long::longValue).sum()).as(k).isEqualTo(p.getCount());
      assertThat(p.getExplicitBoundsCount()).isEqualTo(13);
      // outside traces: no exemplar
      assertThat(p.getExemplarsCount()).as(k).isZero();
    });
    assertThat(counts).isEqualTo(PLAIN_RUN_COUNTS);

    Metric size = last(metrics, "clude.file.io.size");
    assertThat(size.getUnit()).isEqualTo("By");
    Map<String, String> sizes = new TreeMap<>();
    histogramPoints(size).forEach((k, p) -> sizes.put(k, p.getCount() + " ops, " + (long) p.getSum() + " bytes"));
    assertThat(sizes).isEqualTo(PLAIN_RUN_SIZES);
  }

  @Test
  void withExponentialHistogramsTheSdkAggregatesTheSameFileMetrics(@TempDir Path work) {
    Jvm.Result run =
        app(Jdks.current(), work, "plain").sysProp("clude.obs.metrics.histogram", "exponential").run(Duration.ofSeconds(90));
    run.assertExitCode(0);
    assertThat(agentLines(run.stderr())).isEmpty();
    List<Metric> metrics = OtlpJson.readMetricFiles(run.dataDir().resolve("metrics"));
    Metric duration = last(metrics, "clude.file.operation.duration");
    assertThat(duration.hasExponentialHistogram()).isTrue();
    Map<String, Long> counts = new TreeMap<>();
    for (ExponentialHistogramDataPoint p : duration.getExponentialHistogram().getDataPointsList()) {
      counts.put(attributes(p.getAttributesList()), p.getCount());
    }
    assertThat(counts).isEqualTo(PLAIN_RUN_COUNTS);
    Map<String, String> sizes = new TreeMap<>();
    for (ExponentialHistogramDataPoint p : last(metrics, "clude.file.io.size").getExponentialHistogram().getDataPointsList()) {
      sizes.put(attributes(p.getAttributesList()), p.getCount() + " ops, " + (long) p.getSum() + " bytes");
    }
    assertThat(sizes).isEqualTo(PLAIN_RUN_SIZES);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void changesInsideAToolCallGoToTheAuditLog(String jdk, @TempDir Path work) throws IOException {
    Jvm.Result run = traced(Jdks.resolve(jdk), work).run(Duration.ofSeconds(90));
    run.assertExitCode(0);

    List<Span> spans = OtlpJson.readTraceFiles(run.dataDir().resolve("traces"));
    Span tool = spans.stream().filter(s -> s.getName().equals("execute_tool execute")).findFirst().orElseThrow();
    String toolTrace = SpanTree.hex(tool.getTraceId());
    Map<String, String> spanIdByName = new LinkedHashMap<>();
    List<String> fileSpanIds = new ArrayList<>();
    for (Span s : spans) {
      if (SpanTree.hex(s.getTraceId()).equals(toolTrace) && s.getName().startsWith("file.")) {
        fileSpanIds.add(SpanTree.hex(s.getSpanId()));
        spanIdByName.put(s.getName() + " " + SpanTree.attributes(s).get("file.path"), SpanTree.hex(s.getSpanId()));
      }
    }

    List<String> all = auditLines(run.dataDir());
    // the tool call itself is audited as it returns, after the changes it made
    String toolCall = all.get(all.size() - 1);
    assertThat(field(toolCall, "event")).isEqualTo("tool.call");
    assertThat(field(toolCall, "tool")).isEqualTo("execute");
    assertThat(field(toolCall, "status")).isEqualTo("ok");
    assertThat(field(toolCall, "span_id")).isEqualTo(SpanTree.hex(tool.getSpanId()));
    List<String> lines = all.subList(0, all.size() - 1);
    List<String> events = new ArrayList<>();
    String session = null;
    for (String line : lines) {
      assertThat(field(line, "trace_id")).isEqualTo(toolTrace);
      assertThat(fileSpanIds).contains(field(line, "span_id"));
      assertThat(field(line, "timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
      if (session == null) {
        session = field(line, "session_id");
      }
      assertThat(field(line, "session_id")).isEqualTo(session).isNotEmpty();
      events.add(
          field(line, "event") + " " + field(line, "path")
              + (line.contains("target_path") ? " -> " + field(line, "target_path") : "")
              + " bytes=" + field(line, "bytes"));
    }
    // reads, lists, the copy into a stream and the delete of a missing file change nothing
    assertThat(events)
        .containsExactly(
            "file.create work/a.txt bytes=null",
            "file.write work/a.txt bytes=8",
            "file.copy work/a.txt -> work/b.txt bytes=8",
            "file.copy work/c.txt bytes=20",
            "file.move work/b.txt -> work/moved.txt bytes=null",
            "file.create_directory work/sub bytes=null",
            "file.create_directory work/deep/er bytes=null",
            "file.delete work/moved.txt bytes=null",
            "file.delete work/c.txt bytes=null");
    assertThat(field(lines.get(1), "span_id")).isEqualTo(spanIdByName.get("file.write work/a.txt"));
  }

  @Test
  void pathModesShowFullHashedOrNoPaths(@TempDir Path work) throws Exception {
    Path real = work.toRealPath();
    for (String mode : List.of("full", "hashed", "none")) {
      Path dir = Files.createDirectory(real.resolve(mode));
      String absolute = dir.resolve("work/streams.txt").toString();
      Jvm.Result run =
          traced(Jdks.current(), dir).sysProp("clude.obs.file_io.path_mode", mode).run(Duration.ofSeconds(90));
      run.assertExitCode(0);
      assertThat(agentLines(run.stderr())).isEmpty();
      Span first =
          OtlpJson.readTraceFiles(run.dataDir().resolve("traces")).stream()
              .filter(s -> s.getName().startsWith("file."))
              .min(Comparator.comparingLong(Span::getStartTimeUnixNano))
              .orElseThrow();
      Map<String, Object> attributes = SpanTree.attributes(first);
      assertThat(attributes.get("clude.file.bytes")).isEqualTo(5L);
      switch (mode) {
        case "full":
          assertThat(attributes.get("file.path")).isEqualTo(absolute);
          break;
        case "hashed":
          assertThat(attributes.get("file.path")).isEqualTo(sha256Prefix(absolute));
          break;
        default:
          assertThat(attributes).doesNotContainKey("file.path");
      }
    }
  }

  @Test
  void theDataDirAndTheJdkNeverAppearEvenWithFullPaths(@TempDir Path work) throws IOException {
    work = work.toRealPath();
    Jvm.Result run =
        traced(Jdks.current(), work)
            .sysProp("clude.obs.file_io.path_mode", "full")
            .sysProp("clude.obs.tracing.export_interval", "200ms")
            .run(Duration.ofSeconds(90));
    run.assertExitCode(0);
    List<Span> spans = OtlpJson.readTraceFiles(run.dataDir().resolve("traces"));
    List<String> paths =
        spans.stream()
            .map(s -> (String) SpanTree.attributes(s).get("file.path"))
            .filter(p -> p != null)
            .distinct()
            .collect(Collectors.toList());
    String workDir = work.toAbsolutePath().toString();
    assertThat(paths).hasSize(18).allSatisfy(p -> assertThat(p).startsWith(workDir));
  }

  @Test
  void aBadGlobOrPathModeIsOneLineAndTheRestRuns(@TempDir Path work) {
    Jvm.Result run =
        app(Jdks.current(), work, "plain")
            .sysProp("clude.obs.file_io.path_mode", "secret")
            .sysProp("clude.obs.file_io.exclude", "[oops;**/never/**")
            .run(Duration.ofSeconds(90));
    run.assertExitCode(0);
    assertThat(agentLines(run.stderr()))
        .containsExactly(
            "clude-obs: clude.obs.file_io.path_mode=secret: unknown path mode; use full, relative, hashed or none;"
                + " using relative",
            "clude-obs: clude.obs.file_io.exclude=[oops;**/never/**: bad glob [oops (Missing ']);"
                + " fix or remove it, see docs/configuration.md#file-io; using the other globs");
    assertExactPlainRunMetrics(OtlpJson.readMetricFiles(run.dataDir().resolve("metrics")));
  }

  @Test
  void switchedOffNothingIsRecordedAndNothingRetransformed(@TempDir Path work) throws IOException {
    Jvm.Result run =
        traced(Jdks.current(), work)
            .args("nowait")
            .sysProp("clude.obs.instrumentation.file-io.enabled", "false")
            .sysProp("clude.obs.debug", "true")
            .run(Duration.ofSeconds(90));
    run.assertExitCode(0);
    assertThat(run.stderr()).doesNotContain("woven java.", "woven sun.", "file-io instrumentation");
    List<Span> spans = OtlpJson.readTraceFiles(run.dataDir().resolve("traces"));
    assertThat(spans.stream().map(Span::getName).sorted())
        .containsExactly("execute_tool execute", "invoke_agent FileTask.run");
    assertThat(names(OtlpJson.readMetricFiles(run.dataDir().resolve("metrics"))))
        .doesNotContain("clude.file.operation.duration", "clude.file.io.size");
    assertThat(run.dataDir().resolve("audit")).doesNotExist();
  }

  static List<String> auditLines(Path dataDir) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(dataDir.resolve("audit"))) {
      for (Path f : files.sorted().collect(Collectors.toList())) {
        assertThat(f.getFileName().toString()).startsWith("audit-").endsWith(".jsonl");
        lines.addAll(Files.readAllLines(f));
      }
    }
    return lines;
  }

  /** A string, number or null field of a flat JSON object line. */
  static String field(String line, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}]+)").matcher(line);
    assertThat(m.find()).as("%s in %s", name, line).isTrue();
    return m.group(2) != null ? m.group(2) : m.group(1);
  }

  static String sha256Prefix(String s) throws Exception {
    byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    StringBuilder b = new StringBuilder("sha256:");
    for (int i = 0; i < 8; i++) {
      b.append(String.format("%02x", d[i]));
    }
    return b.toString();
  }

  static List<String> agentLines(String stderr) {
    return stderr.lines().filter(l -> l.startsWith("clude-obs:")).collect(Collectors.toList());
  }

  static Metric last(List<Metric> metrics, String name) {
    Metric found = null;
    for (Metric m : metrics) {
      if (m.getName().equals(name)) {
        found = m;
      }
    }
    assertThat(found).as("metric %s among %s", name, names(metrics)).isNotNull();
    return found;
  }

  static List<String> names(List<Metric> metrics) {
    return metrics.stream().map(Metric::getName).distinct().sorted().collect(Collectors.toList());
  }

  static Map<String, HistogramDataPoint> histogramPoints(Metric metric) {
    Map<String, HistogramDataPoint> out = new LinkedHashMap<>();
    for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
      out.put(attributes(p.getAttributesList()), p);
    }
    return out;
  }

  static String attributes(List<KeyValue> kvs) {
    return SpanTree.attributes(kvs).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }
}
