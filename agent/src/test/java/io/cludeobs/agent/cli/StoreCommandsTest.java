package io.cludeobs.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.export.FileSpanExporter;
import io.cludeobs.agent.store.LocalStoreFiles;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** traces list, traces show and cleanup against a store written by the real exporter. */
class StoreCommandsTest {

  private static final String NEW_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String OLD_TRACE = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final long T_OLD = 1_700_000_000_000_000_000L;
  private static final long T_NEW = T_OLD + 3_600_000_000_000L;
  private static final long MS = 1_000_000L;

  @TempDir Path dataDir;

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  private static SpanData span(
      String traceId, String spanId, String parentId, String name, long start, long duration, StatusData status, Attributes attributes) {
    return TestSpanData.builder()
        .setSpanContext(SpanContext.create(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault()))
        .setParentSpanContext(
            parentId == null
                ? SpanContext.getInvalid()
                : SpanContext.create(traceId, parentId, TraceFlags.getSampled(), TraceState.getDefault()))
        .setName(name)
        .setKind(SpanKind.INTERNAL)
        .setStartEpochNanos(start)
        .setEndEpochNanos(start + duration)
        .setStatus(status)
        .setAttributes(attributes)
        .setHasEnded(true)
        .setTotalRecordedEvents(0)
        .setTotalRecordedLinks(0)
        .build();
  }

  private static Attributes llm(long in, long out) {
    return Attributes.builder()
        .put("clude.category", "llm")
        .put("gen_ai.request.model", "m1")
        .put("gen_ai.usage.input_tokens", in)
        .put("gen_ai.usage.output_tokens", out)
        .build();
  }

  private static Attributes tool(String name) {
    return Attributes.builder().put("clude.category", "tool").put("gen_ai.tool.name", name).build();
  }

  @BeforeEach
  void writeStore() {
    FileSpanExporter exporter =
        FileSpanExporter.create(dataDir, 1 << 20, line -> {}, Instant.parse("2025-01-01T00:00:00Z"));
    String root = "00000000000000a0";
    // The new trace is split over two lines, its root in the second, as a live exporter writes it.
    exporter.export(
        Arrays.asList(
            span(NEW_TRACE, "00000000000000a1", root, "chat m1", T_NEW + 10 * MS, 120 * MS, StatusData.unset(), llm(120, 45)),
            span(NEW_TRACE, "00000000000000a2", root, "execute_tool read", T_NEW + 140 * MS, 3 * MS, StatusData.unset(), tool("read")),
            span(NEW_TRACE, "00000000000000a5", "00000000000000a2", "file.read", T_NEW + 141 * MS, MS / 2,
                StatusData.unset(), Attributes.builder().put("file.path", "/tmp/x").put("file.read.bytes", 512L).build())));
    exporter.export(
        Arrays.asList(
            span(NEW_TRACE, "00000000000000a3", root, "execute_tool run_tests", T_NEW + 200 * MS, 40 * MS,
                StatusData.create(StatusCode.ERROR, "exit 1"),
                Attributes.builder().put("clude.category", "tool").put("gen_ai.tool.name", "run_tests").put("error.type", "ToolError").build()),
            span(NEW_TRACE, root, null, "invoke_agent Coder.handle", T_NEW, 1_000 * MS, StatusData.unset(),
                Attributes.builder().put("clude.category", "task").build()),
            span(OLD_TRACE, "00000000000000b1", "00000000000000b0", "chat m1", T_OLD + 5 * MS, 100 * MS, StatusData.unset(), llm(10, 7)),
            span(OLD_TRACE, "00000000000000b0", null, "invoke_agent Old.run", T_OLD, 500 * MS, StatusData.unset(),
                Attributes.builder().put("clude.category", "task").build())));
    exporter.shutdown();
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private static String start(long epochNanos) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(Instant.ofEpochSecond(0, epochNanos).atZone(ZoneId.systemDefault()));
  }

  private String table() {
    return "START                ROOT                       DURATION  SPANS  LLM  TOKENS IN/OUT  TOOLS  ERRORS  TRACE ID\n"
        + start(T_NEW) + "  invoke_agent Coder.handle   1.000 s      5    1         120/45      2       1  " + NEW_TRACE + "\n"
        + start(T_OLD) + "  invoke_agent Old.run       500.0 ms      2    1           10/7      0       0  " + OLD_TRACE + "\n";
  }

  private Path traceFile() throws Exception {
    return LocalStoreFiles.list(dataDir, LocalStoreFiles.Signal.TRACES).get(0);
  }

  @Test
  void listsOneRowPerTraceNewestFirstFromTheIndex() throws Exception {
    assertThat(Files.exists(LocalStoreFiles.indexFile(traceFile()))).isTrue();
    assertThat(run("traces", "list", "--data-dir", dataDir.toString())).isZero();
    assertThat(out.toString()).isEqualTo(table());
    assertThat(err.toString())
        .isEqualTo("2 of 2 matching traces shown; 2 traces, 7 spans in 1 trace files under " + dataDir + "\n");
  }

  @Test
  void withoutTheIndexTheListIsTheSame() throws Exception {
    Files.delete(LocalStoreFiles.indexFile(traceFile()));
    assertThat(run("traces", "list", "--data-dir", dataDir.toString())).isZero();
    assertThat(out.toString()).isEqualTo(table());
  }

  @Test
  void aTornIndexRowIsIgnoredAndItsLineParsedInstead() throws Exception {
    Path index = LocalStoreFiles.indexFile(traceFile());
    List<String> rows = Files.readAllLines(index);
    // Drop the second line's commit row and tear its last trace row, as a crash mid-write would.
    List<String> torn = rows.subList(0, rows.size() - 1);
    String last = torn.get(torn.size() - 1);
    torn.set(torn.size() - 1, last.substring(0, 20));
    Files.write(index, torn);
    assertThat(run("traces", "list", "--data-dir", dataDir.toString())).isZero();
    assertThat(out.toString()).isEqualTo(table());
  }

  @Test
  void corruptAndHalfWrittenLinesAreSkippedAndCounted() throws Exception {
    Path file = traceFile();
    Files.write(file, "{not json\n{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"ab".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    assertThat(run("traces", "list", "--data-dir", dataDir.toString())).isZero();
    assertThat(out.toString()).isEqualTo(table());
    assertThat(err.toString()).contains("note: skipped 2 corrupt or half-written lines and 0 spans without ids\n");
  }

  @Test
  void filtersByStatusDurationNameCategoryAndAge() {
    assertThat(run("traces", "list", "--data-dir", dataDir.toString(), "--status", "error")).isZero();
    assertThat(out.toString()).endsWith(NEW_TRACE + "\n").doesNotContain(OLD_TRACE);
    run("traces", "list", "--data-dir", dataDir.toString(), "--status", "ok");
    assertThat(out.toString()).endsWith(OLD_TRACE + "\n").doesNotContain(NEW_TRACE);
    run("traces", "list", "--data-dir", dataDir.toString(), "--min-duration", "0.6s");
    assertThat(out.toString()).contains(NEW_TRACE).doesNotContain(OLD_TRACE);
    run("traces", "list", "--data-dir", dataDir.toString(), "--name", "invoke_agent Old*");
    assertThat(out.toString()).contains(OLD_TRACE).doesNotContain(NEW_TRACE);
    run("traces", "list", "--data-dir", dataDir.toString(), "--category", "file");
    assertThat(out.toString()).contains(NEW_TRACE).doesNotContain(OLD_TRACE);
    run("traces", "list", "--data-dir", dataDir.toString(), "--category", "llm,tool");
    assertThat(out.toString()).contains(NEW_TRACE).contains(OLD_TRACE);
    run("traces", "list", "--data-dir", dataDir.toString(), "--limit", "1");
    assertThat(out.toString()).contains(NEW_TRACE).doesNotContain(OLD_TRACE);
    // the fixture is from 2023: nothing started in the last day
    assertThat(run("traces", "list", "--data-dir", dataDir.toString(), "--since", "1d")).isZero();
    assertThat(out.toString()).doesNotContain(NEW_TRACE).doesNotContain(OLD_TRACE).startsWith("START");
  }

  @Test
  void listJsonHasEveryColumn() {
    assertThat(run("traces", "list", "--data-dir", dataDir.toString(), "--json", "--limit", "1")).isZero();
    assertThat(out.toString().replaceAll("\\s+", ""))
        .isEqualTo(
            "[{\"traceId\":\"" + NEW_TRACE + "\",\"start\":\"" + Instant.ofEpochSecond(0, T_NEW)
                + "\",\"rootName\":\"invoke_agentCoder.handle\",\"durationNanos\":1000000000,\"spans\":5,\"llmCalls\":1,"
                + "\"inputTokens\":120,\"outputTokens\":45,\"toolCalls\":2,\"errors\":1,"
                + "\"categories\":[\"task\",\"llm\",\"tool\",\"file\"]}]");
  }

  @Test
  void showsAWaterfallScaledToTheWidth() {
    assertThat(run("traces", "show", NEW_TRACE, "--data-dir", dataDir.toString(), "--width", "100")).isZero();
    String[] lines = out.toString().split("\n");
    assertThat(lines[0]).startsWith("trace " + NEW_TRACE + "  invoke_agent Coder.handle  5 spans  1.000 s  started ").endsWith("  1 error");
    assertThat(Arrays.copyOfRange(lines, 1, lines.length))
        .containsExactly(
            "   OFFSET    DURATION  SPAN                       TIMELINE                             DETAILS",
            "  +0.0 µs     1.000 s  invoke_agent Coder.handle  |█████████████████████████████████|",
            " +10.0 ms    120.0 ms  ├─ chat m1                 |█████                            |  model=m1 tokens=120/45",
            "+140.0 ms      3.0 ms  ├─ execute_tool read       |    █                            |  tool=read",
            "+141.0 ms    500.0 µs  │  └─ file.read            |    █                            |  file=/tmp/x bytes=512",
            "+200.0 ms     40.0 ms  └─ execute_tool run_tests  |      ██                         |  tool=run_tests error=ToolError 'exit 1'");
  }

  @Test
  void showAcceptsAUniquePrefixAndGivesJson() {
    assertThat(run("traces", "show", "4bf92f35", "--data-dir", dataDir.toString(), "--json")).isZero();
    assertThat(out.toString()).contains("\"traceId\" : \"" + NEW_TRACE + "\"").contains("\"name\" : \"file.read\"");
  }

  @Test
  void badInputIsOneLineAndANonZeroExit() {
    assertThat(run("traces", "show", "0123456789abcdef0123456789abcdef", "--data-dir", dataDir.toString())).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "clude-obs show: trace 0123456789abcdef0123456789abcdef not found in 1 trace files under " + dataDir
                + "; run 'clude-obs traces list' to see trace ids\n");
    assertThat(run("traces", "show", "xyz", "--data-dir", dataDir.toString())).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo("clude-obs show: trace id 'xyz' is not 8 to 32 hex digits; copy the TRACE ID column of 'clude-obs traces list'\n");
    assertThat(run("traces", "list", "--since", "7x", "--data-dir", dataDir.toString())).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo("clude-obs list: --since '7x' is not a duration; give a number and a unit ms, s, m, h or d, e.g. 7d or 2.5s\n");
    assertThat(run("cleanup", "--retention", "7x", "--data-dir", dataDir.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("clude-obs cleanup: --retention '7x' is not a duration;").doesNotContain("\n\t");
    Path missing = dataDir.resolve("nope");
    assertThat(run("traces", "list", "--data-dir", missing.toString())).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo("clude-obs list: data dir " + missing + " does not exist; pass --data-dir <the app's clude.obs.data_dir>\n");
    Path empty = dataDir.resolve("empty");
    assertThat(empty.toFile().mkdir()).isTrue();
    assertThat(run("traces", "list", "--data-dir", empty.toString())).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "clude-obs list: no trace files under " + empty.resolve("traces")
                + "; run the app with -javaagent:clude-obs.jar first or point --data-dir at its clude.obs.data_dir\n");
    assertThat(run("traces", "list", "--status", "broken", "--data-dir", dataDir.toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("clude-obs list: --status 'broken' is not a status; use --status error or --status ok\n");
    assertThat(run("traces", "list", "--bogus")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("clude-obs: Unknown option: '--bogus'; see 'clude-obs traces list --help'\n");
  }

  @Test
  void unreadableFilesAreOneLineAndExitOne() throws Exception {
    Path file = traceFile();
    Files.delete(LocalStoreFiles.indexFile(file));
    assertThat(file.toFile().setReadable(false)).isTrue();
    try {
      if (Files.isReadable(file)) {
        return; // running as root: permissions do not stop reading, nothing to test
      }
      assertThat(run("traces", "list", "--data-dir", dataDir.toString())).isEqualTo(1);
      assertThat(err.toString()).startsWith("clude-obs list: cannot read any trace file under ").doesNotContain("Exception\n\tat");
    } finally {
      file.toFile().setReadable(true);
    }
  }

  @Test
  void cleanupDeletesOldFilesAndTheirIndexButDryRunDeletesNothing() throws Exception {
    Path file = traceFile();
    Path index = LocalStoreFiles.indexFile(file);
    FileTime tenDaysAgo = FileTime.from(Instant.now().minus(10, ChronoUnit.DAYS));
    Files.setLastModifiedTime(file, tenDaysAgo);
    Files.setLastModifiedTime(index, tenDaysAgo);
    long bytes = Files.size(file) + Files.size(index);

    assertThat(run("cleanup", "--retention", "7d", "--dry-run", "--data-dir", dataDir.toString())).isZero();
    assertThat(out.toString())
        .startsWith("would delete  traces/" + file.getFileName() + " (+ index)  ")
        .contains("  older than 7d\nwould delete 1 file, " + CleanupCommand.size(bytes) + "; kept 0 files, 0 B under " + dataDir + "\n");
    assertThat(Files.exists(file)).isTrue();

    assertThat(run("cleanup", "--retention", "11d", "--data-dir", dataDir.toString())).isZero();
    assertThat(out.toString()).isEqualTo("nothing to delete; kept 1 file, " + CleanupCommand.size(bytes) + " under " + dataDir + "\n");

    assertThat(run("cleanup", "--retention", "240h", "--data-dir", dataDir.toString())).isZero();
    assertThat(Files.exists(file)).isFalse();
    assertThat(Files.exists(index)).isFalse();
  }

  @Test
  void cleanupSizeCapDeletesOldestFirstAndKeepsFilesInUse() throws Exception {
    Path traces = dataDir.resolve("traces");
    Path oldest = traces.resolve("traces-20240101T000000-1.jsonl");
    Path older = traces.resolve("traces-20240102T000000-2.jsonl");
    byte[] mib = new byte[600 * 1024];
    Files.write(oldest, mib);
    Files.write(older, mib);
    Files.setLastModifiedTime(oldest, FileTime.from(Instant.now().minus(3, ChronoUnit.HOURS)));
    Files.setLastModifiedTime(older, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
    // the exporter's file was written just now: in use, kept even though the store stays over the cap
    assertThat(run("cleanup", "--max-size-mb", "1", "--data-dir", dataDir.toString())).isZero();
    assertThat(out.toString()).contains("deleted  traces/" + oldest.getFileName() + "  600.0 KiB").contains("over 1 MiB");
    assertThat(Files.exists(oldest)).isFalse();
    assertThat(Files.exists(older)).isTrue();
    assertThat(run("cleanup", "--max-size-mb", "1", "--data-dir", dataDir.toString())).isZero();
    assertThat(Files.exists(older)).isTrue();
    try (Stream<Path> left = Files.list(traces)) {
      assertThat(left.map(p -> p.getFileName().toString()).collect(Collectors.toList())).hasSize(3);
    }
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] command : new String[][] {{"traces", "list"}, {"traces", "show"}, {"cleanup"}}) {
      String[] args = Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      assertThat(run(args)).isZero();
      assertThat(out.toString()).startsWith("Usage: clude-obs " + String.join(" ", command)).contains("--data-dir").contains("--json");
    }
  }
}
