package io.cludeobs.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** clude-obs bottlenecks over a store written by the real exporter. */
class BottlenecksCommandTest {

  private static final long MS = 1_000_000L;

  @TempDir Path dataDir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private static SpanData span(String trace, String id, String parent, String name, long start, long ms, Attributes a) {
    return TestSpanData.builder()
        .setSpanContext(SpanContext.create(trace, id, TraceFlags.getSampled(), TraceState.getDefault()))
        .setParentSpanContext(
            parent == null
                ? SpanContext.getInvalid()
                : SpanContext.create(trace, parent, TraceFlags.getSampled(), TraceState.getDefault()))
        .setName(name)
        .setKind(SpanKind.INTERNAL)
        .setStartEpochNanos(start)
        .setEndEpochNanos(start + ms * MS)
        .setStatus(StatusData.unset())
        .setAttributes(a)
        .setHasEnded(true)
        .setTotalRecordedEvents(0)
        .setTotalRecordedLinks(0)
        .build();
  }

  /** Three recent tasks, each with one 12-second grep call. */
  private void writeStore(long startNanos) {
    FileSpanExporter exporter = FileSpanExporter.create(dataDir, 1 << 20, line -> {}, Instant.now());
    List<SpanData> spans = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      String trace = String.format("%032x", t + 1);
      long start = startNanos + t * 20_000 * MS;
      spans.add(span(trace, "00000000000000a" + t, null, "invoke_agent A.run", start, 13_000,
          Attributes.builder().put("clude.category", "task").build()));
      spans.add(span(trace, "00000000000000b" + t, "00000000000000a" + t, "execute_tool grep", start + 500 * MS, 12_000,
          Attributes.builder().put("clude.category", "tool").put("gen_ai.tool.name", "grep").build()));
    }
    exporter.export(spans);
    exporter.shutdown();
  }

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void printsEachFindingWithEvidenceTracesAndSuggestion() {
    writeStore(System.currentTimeMillis() * MS - 600_000 * MS);

    assertThat(run("bottlenecks", "--last", "1h", "--data-dir", dataDir.toString())).isEqualTo(3);
    assertThat(out.toString())
        .isEqualTo(
            "WARNING [threshold] tool grep is slow: p95 12.00 s over the limit of 10.00 s\n"
                + "  evidence: calls: 3, p50: 12.00 s, p95: 12.00 s, max: 12.00 s, limit: 10.00 s\n"
                + "  traces: 00000000000000000000000000000001 00000000000000000000000000000002"
                + " 00000000000000000000000000000003\n"
                + "  suggestion: profile the tool (its flame graph shows where the time goes), cache its results"
                + " for repeated arguments, or give it a timeout\n\n");
    assertThat(err.toString()).isEqualTo("1 findings in the last 1h under " + dataDir + "\n");
  }

  @Test
  void aPerToolThresholdAndJson() {
    writeStore(System.currentTimeMillis() * MS - 600_000 * MS);

    assertThat(run("bottlenecks", "--threshold", "tool:grep=1m", "--json", "--data-dir", dataDir.toString()))
        .isZero();
    assertThat(out.toString().trim()).isEqualTo("[ ]");
  }

  @Test
  void tracesOlderThanTheRangeAreLeftOut() {
    writeStore(System.currentTimeMillis() * MS - 3 * 3_600_000 * MS);

    assertThat(run("bottlenecks", "--last", "1h", "--data-dir", dataDir.toString())).isZero();
    assertThat(out.toString()).isEqualTo("no bottlenecks found\n");
  }

  @Test
  void aBadThresholdIsOneLine() {
    assertThat(run("bottlenecks", "--threshold", "tools=5s", "--data-dir", dataDir.toString())).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "clude-obs bottlenecks: --threshold 'tools=5s' does not name a category; use"
                + " <category>[:<name>]=<duration> with category task, llm, tool, span or file, e.g. tool:grep=2s\n");
  }
}
