package io.cludeobs.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cludeobs.agent.export.FileSpanExporter;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
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
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** profile report over a store written by the real exporter. */
class ProfileCommandTest {

  private static final String EARLY = "11111111111111111111111111111111";
  private static final String LATE = "22222222222222222222222222222222";
  private static final long MS = 1_000_000L;
  /** 2023-11-14T22:13:20Z. */
  private static final long T = 1_700_000_000_000L * MS;

  @TempDir Path dataDir;
  @TempDir Path outDir;

  private StringWriter out;
  private StringWriter err;

  private static SpanData span(String traceId, String spanId, String parentId, String name, long start, long duration, Attributes attributes) {
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
        .setStatus(StatusData.unset())
        .setAttributes(attributes)
        .setHasEnded(true)
        .setTotalRecordedEvents(0)
        .setTotalRecordedLinks(0)
        .build();
  }

  @BeforeEach
  void writeStore() {
    FileSpanExporter exporter = FileSpanExporter.create(dataDir, 1 << 20, line -> {}, Instant.parse("2023-11-14T22:00:00Z"));
    Attributes task = Attributes.builder().put("clude.category", "task").build();
    Attributes llm =
        Attributes.builder()
            .put("clude.category", "llm")
            .put("gen_ai.request.model", "acme-1")
            .put("gen_ai.usage.input_tokens", 1000L)
            .put("gen_ai.usage.output_tokens", 100L)
            .build();
    exporter.export(
        Arrays.asList(
            span(EARLY, "00000000000000a0", null, "invoke_agent A", T, 50 * MS, task),
            span(EARLY, "00000000000000a1", "00000000000000a0", "chat acme-1", T + MS, 40 * MS, llm),
            // two hours later: outside a one-hour window around the first
            span(LATE, "00000000000000b0", null, "invoke_agent B", T + 7_200_000 * MS, 80 * MS, task)));
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

  private JsonNode json(Path file) throws Exception {
    return new ObjectMapper().readTree(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
  }

  @Test
  void sinceAndUntilSelectTracesByTheirStart() throws Exception {
    Path file = outDir.resolve("r.json");
    int code =
        run("profile", "report", "--data-dir", dataDir.toString(), "--since", "2023-11-14T22:00:00Z", "--until",
            "2023-11-14T23:00:00Z", "--price", "acme-*=3/15", "--json", "--out", file.toString());
    assertThat(err.toString()).isEmpty();
    assertThat(code).isZero();
    assertThat(out.toString()).startsWith("wrote " + file + ": 1 trace, 0 flame graphs, 0 findings (");
    JsonNode summary = json(file).get("summary");
    assertThat(summary.get("traces").asInt()).isEqualTo(1);
    assertThat(summary.get("inputTokens").asLong()).isEqualTo(1000);
    // (1000 × 3 + 100 × 15) / 1e6
    assertThat(summary.get("costUsd").asDouble()).isEqualTo(0.0045);
    assertThat(json(file).get("waterfalls").get(0).get("traceId").asText()).isEqualTo(EARLY);
  }

  @Test
  void traceByUniquePrefixCoversThatTraceOnly() throws Exception {
    Path file = outDir.resolve("sub/t.html");
    assertThat(run("profile", "report", "--data-dir", dataDir.toString(), "--trace", "22222222", "--out", file.toString())).isZero();
    String html = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("\"traceId\":\"" + LATE + "\"").doesNotContain(EARLY);
  }

  @Test
  void anEmptyRangeStillWritesAReportThatSaysSo() throws Exception {
    Path file = outDir.resolve("empty.json");
    assertThat(run("profile", "report", "--data-dir", dataDir.toString(), "--last", "1h", "--json", "--out", file.toString())).isZero();
    assertThat(json(file).get("meta").get("notes").get(0).asText())
        .isEqualTo("No trace started in this range; widen it with --last or --since.");
  }

  @Test
  void badArgumentsFailWithOneLine() {
    assertThat(run("profile", "report", "--data-dir", dataDir.toString(), "--since", "yesterday")).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo("clude-obs report: --since 'yesterday' is not a time; give e.g. 2026-01-31T14:00, 2026-01-31T14:00:00Z"
            + " or a duration ago such as 2h\n");
    assertThat(run("profile", "report", "--data-dir", dataDir.toString(), "--since", "2h", "--last", "1h")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("clude-obs report: --last and --since both set; give one of them, e.g. --last 1h or --since 2h\n");
    assertThat(run("profile", "report", "--data-dir", dataDir.toString(), "--price", "acme")).isEqualTo(2);
    assertThat(err.toString()).hasLineCount(1).startsWith("clude-obs report: --price 'acme' is not a price;");
    assertThat(run("profile", "report", "--data-dir", dataDir.toString(), "--trace", "xyz")).isEqualTo(2);
    assertThat(err.toString()).hasLineCount(1).startsWith("clude-obs report: --trace 'xyz' is not 8 to 32 hex digits;");
    assertThat(run("profile", "report", "--data-dir", dataDir.toString(), "--trace", "33333333")).isEqualTo(1);
    assertThat(err.toString()).hasLineCount(1).startsWith("clude-obs report: trace 33333333 not found under ");
  }

  @Test
  void timesAreInstantsLocalTimesOrDurationsAgo() throws Exception {
    Instant now = Instant.parse("2026-01-31T12:00:00Z");
    assertThat(ProfileCommand.Report.time("--since", "2026-01-31T10:00:00Z", now)).isEqualTo(Instant.parse("2026-01-31T10:00:00Z"));
    assertThat(ProfileCommand.Report.time("--since", "2026-01-31T10:00:00+02:00", now)).isEqualTo(Instant.parse("2026-01-31T08:00:00Z"));
    assertThat(ProfileCommand.Report.time("--since", "90m", now)).isEqualTo(Instant.parse("2026-01-31T10:30:00Z"));
    assertThat(ProfileCommand.Report.time("--since", "2026-01-31 14:30", now))
        .isEqualTo(LocalDateTime.of(2026, 1, 31, 14, 30).atZone(ZoneId.systemDefault()).toInstant());
    assertThat(ProfileCommand.Report.time("--since", "2026-01-31", now))
        .isEqualTo(LocalDateTime.of(2026, 1, 31, 0, 0).atZone(ZoneId.systemDefault()).toInstant());
    assertThatThrownBy(() -> ProfileCommand.Report.time("--until", "2026-13-01", now))
        .hasMessageStartingWith("--until '2026-13-01' is not a time;");
  }
}
