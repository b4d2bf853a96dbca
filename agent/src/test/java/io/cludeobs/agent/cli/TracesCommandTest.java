package io.cludeobs.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.export.FileSpanExporter;
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
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TracesCommandTest {

  private static final String NEW_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String OLD_TRACE = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final long T_OLD = 1_700_000_000_000_000_000L;
  private static final long T_NEW = T_OLD + 3_600_000_000_000L;
  private static final long MS = 1_000_000L;

  private static final String NEW_TREE =
      "trace 4bf92f3577b34da6a3ce929d0e0e4736  6 spans  1.234 s\n"
          + "invoke_agent CodingAgent.handle  1.234 s\n"
          + "├─ chat scripted-coder  120.0 ms  model=scripted-coder tokens in=120 out=45\n"
          + "├─ execute_tool list_files  3.1 ms\n"
          + "│  └─ fs.read /tmp/x  512.0 µs\n"
          + "├─ execute_tool run_tests  40.0 ms  tool=pytest error.type=ToolError ERROR 'exit 1'\n"
          + "└─ chat scripted-coder  98.2 ms  model=scripted-coder tokens in=160 out=12\n";

  private static final String OLD_TREE =
      "trace aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  3 spans  550.0 ms\n"
          + "invoke_agent Old.run  500.0 ms\n"
          + "└─ chat m  100.0 ms  model=m tokens out=7\n"
          + "late-orphan  50.0 ms\n";

  @TempDir Path dataDir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private static SpanData span(
      String traceId,
      String spanId,
      String parentId,
      String name,
      long start,
      long duration,
      StatusData status,
      Attributes attributes) {
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

  @BeforeEach
  void writeStore() {
    FileSpanExporter exporter =
        FileSpanExporter.create(dataDir, 1 << 20, line -> {}, Instant.parse("2025-01-01T00:00:00Z"));
    String root = "00000000000000a0";
    // children end before their parents, so they reach the store first and out of start order
    exporter.export(
        Arrays.asList(
            span(NEW_TRACE, "00000000000000a4", root, "chat scripted-coder", T_NEW + 1_100 * MS, 98_200_000,
                StatusData.unset(),
                Attributes.builder()
                    .put("gen_ai.request.model", "scripted-coder")
                    .put("gen_ai.usage.input_tokens", 160L)
                    .put("gen_ai.usage.output_tokens", 12L)
                    .build()),
            span(NEW_TRACE, "00000000000000a5", "00000000000000a2", "fs.read /tmp/x", T_NEW + 141 * MS, 512_000,
                StatusData.unset(), Attributes.empty()),
            span(NEW_TRACE, "00000000000000a2", root, "execute_tool list_files", T_NEW + 140 * MS, 3_100_000,
                StatusData.ok(), Attributes.builder().put("gen_ai.tool.name", "list_files").build()),
            span(NEW_TRACE, "00000000000000a1", root, "chat scripted-coder", T_NEW + 10 * MS, 120 * MS,
                StatusData.unset(),
                Attributes.builder()
                    .put("gen_ai.request.model", "scripted-coder")
                    .put("gen_ai.usage.input_tokens", 120L)
                    .put("gen_ai.usage.output_tokens", 45L)
                    .build())));
    exporter.export(
        Arrays.asList(
            span(NEW_TRACE, "00000000000000a3", root, "execute_tool run_tests", T_NEW + 200 * MS, 40 * MS,
                StatusData.create(StatusCode.ERROR, "exit 1"),
                Attributes.builder().put("gen_ai.tool.name", "pytest").put("error.type", "ToolError").build()),
            span(NEW_TRACE, root, null, "invoke_agent CodingAgent.handle", T_NEW, 1_234 * MS,
                StatusData.unset(), Attributes.empty()),
            span(OLD_TRACE, "00000000000000b1", "00000000000000b0", "chat m", T_OLD + 5 * MS, 100 * MS,
                StatusData.unset(),
                Attributes.builder().put("gen_ai.request.model", "m").put("gen_ai.usage.output_tokens", 7L).build()),
            span(OLD_TRACE, "00000000000000b0", null, "invoke_agent Old.run", T_OLD, 500 * MS,
                StatusData.unset(), Attributes.empty()),
            // its parent was never stored (e.g. dropped), so it is shown as a root of its own
            span(OLD_TRACE, "00000000000000b9", "00000000000000bf", "late-orphan", T_OLD + 500 * MS, 50 * MS,
                StatusData.unset(), Attributes.empty())));
    exporter.shutdown();
  }

  private int run(String... args) {
    CommandLine commandLine = new CommandLine(new TracesCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private static String lines(String text) {
    return text.replace("\n", System.lineSeparator());
  }

  @Test
  void printsTheNewestTraceByDefault() {
    int exit = run("tree", "--data-dir", dataDir.toString());

    assertThat(err.toString()).isEmpty();
    assertThat(out.toString()).isEqualTo(lines(NEW_TREE));
    assertThat(exit).isZero();
  }

  @Test
  void printsTheLastNTracesNewestFirst() {
    int exit = run("tree", "--data-dir", dataDir.toString(), "--last", "5");

    assertThat(out.toString()).isEqualTo(lines(NEW_TREE + "\n" + OLD_TREE));
    assertThat(exit).isZero();
  }

  @Test
  void printsOneTraceById() {
    int exit = run("tree", "--data-dir", dataDir.toString(), "--trace-id", OLD_TRACE.toUpperCase());

    assertThat(out.toString()).isEqualTo(lines(OLD_TREE));
    assertThat(exit).isZero();
  }

  @Test
  void unknownTraceIdIsOneLineAndExitOne() {
    int exit = run("tree", "--data-dir", dataDir.toString(), "--trace-id", "0123456789abcdef0123456789abcdef");

    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .isEqualTo(
            lines(
                "trace 0123456789abcdef0123456789abcdef not found under "
                    + dataDir.resolve("traces")
                    + " (2 traces stored); check the id or leave out --trace-id to see the newest\n"));
    assertThat(exit).isEqualTo(1);
  }

  @Test
  void missingDataDirIsOneLineAndExitOne() {
    Path missing = dataDir.resolve("missing");

    int exit = run("tree", "--data-dir", missing.toString());

    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .isEqualTo(
            lines(
                "no trace files under "
                    + missing.resolve("traces")
                    + "; run the app with -javaagent:clude-obs.jar first or point --data-dir at its"
                    + " clude.obs.data_dir\n"));
    assertThat(exit).isEqualTo(1);
  }

  @Test
  void storeWithOnlyUnreadableLinesIsExitOne() throws Exception {
    Path other = dataDir.resolve("other");
    Path traces = Files.createDirectories(other.resolve("traces"));
    Files.write(traces.resolve("traces-20250101T000000-1.jsonl"), "{\"resourceSp".getBytes(StandardCharsets.UTF_8));

    int exit = run("tree", "--data-dir", other.toString());

    assertThat(err.toString())
        .isEqualTo(
            lines(
                "note: skipped 1 unreadable lines, 0 spans without ids and 0 unreadable files under "
                    + traces
                    + "\n"
                    + "no readable spans under "
                    + traces
                    + "; the files hold no trace data yet\n"));
    assertThat(exit).isEqualTo(1);
  }

  @Test
  void corruptLinesAreSkippedWithANoteAndTheRestIsShown() throws Exception {
    Path file = Files.list(dataDir.resolve("traces")).filter(p -> p.toString().endsWith(".jsonl")).findFirst().get();
    Files.write(file, "garbage\n{\"half\":".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

    int exit = run("tree", "--data-dir", dataDir.toString());

    assertThat(out.toString()).isEqualTo(lines(NEW_TREE));
    assertThat(err.toString())
        .isEqualTo(
            lines(
                "note: skipped 2 unreadable lines, 0 spans without ids and 0 unreadable files under "
                    + dataDir.resolve("traces")
                    + "\n"));
    assertThat(exit).isZero();
  }

  @Test
  void nonPositiveLastIsAUsageError() {
    int exit = run("tree", "--data-dir", dataDir.toString(), "--last", "0");

    assertThat(err.toString()).isEqualTo(lines("--last 0 is not a positive number; pass --last 1 or more\n"));
    assertThat(exit).isEqualTo(2);
  }

  @Test
  void withoutASubcommandPrintsUsageAndExitsTwo() {
    int exit = run();

    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).startsWith("Usage: traces [-h] [COMMAND]").contains("  tree  Print the newest traces");
    assertThat(exit).isEqualTo(2);
  }

  @Test
  void treeHelpListsItsOptions() {
    int exit = run("tree", "--help");

    assertThat(out.toString())
        .startsWith("Usage: traces tree [-h] [--data-dir=<dir>] [--last=<n>] [--trace-id=<id>]");
    assertThat(exit).isZero();
  }
}
