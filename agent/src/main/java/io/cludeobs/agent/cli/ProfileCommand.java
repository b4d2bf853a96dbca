package io.cludeobs.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cludeobs.agent.analysis.Finding;
import io.cludeobs.agent.metrics.aggregate.MetricPoint;
import io.cludeobs.agent.metrics.aggregate.StoredMetrics;
import io.cludeobs.agent.report.FindingSource;
import io.cludeobs.agent.report.HtmlReport;
import io.cludeobs.agent.analysis.BottleneckDetector;
import io.cludeobs.agent.profiling.ProfileAnalysis;
import io.cludeobs.agent.report.JfrProfiles;
import io.cludeobs.agent.report.SpanLinkedProfiles;
import io.cludeobs.agent.report.ModelPrices;
import io.cludeobs.agent.report.ProfileSource;
import io.cludeobs.agent.report.ReportJson;
import io.cludeobs.agent.store.LocalStoreFiles;
import io.cludeobs.agent.store.StoredTrace;
import io.cludeobs.agent.store.TraceCatalog;
import io.cludeobs.agent.store.TraceDigest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clude-obs profile}: what the agent recorded, as one report. */
@Command(
    name = "profile",
    description = "Reports over the local store: traces, metrics, profiles and bottlenecks.",
    subcommands = {ProfileCommand.Report.class})
public final class ProfileCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  /** Without a subcommand there is nothing to do: print usage and signal a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CliFailure.USAGE;
  }

  /**
   * The bottleneck detector the report shows findings of. Wiring: once {@code
   * io.cludeobs.agent.analysis.BottleneckDetector} is in, this becomes {@code BottleneckDetector::detect}.
   */
  static final FindingSource FINDINGS = BottleneckDetector::detect;

  /**
   * The profiles the report draws flame graphs of: the profiler's span-linked analysis when its
   * recordings carry span events, else the plain JFR reader (flame graphs of everything only).
   */
  static ProfileSource profiles(Path dataDir, Instant from, Instant until) {
    try {
      ProfileAnalysis analysis = ProfileAnalysis.read(dataDir, from, until);
      if (!analysis.spans().isEmpty()) {
        return new SpanLinkedProfiles(analysis);
      }
    } catch (IOException | RuntimeException e) {
      // unreadable or no profiler output: the plain reader below decides what there is to show
    }
    return JfrProfiles.read(dataDir, from, until);
  }

  /** {@code clude-obs profile report}: writes the self-contained HTML report. */
  @Command(
      name = "report",
      description = {
        "Write one self-contained HTML file (works offline) with summary figures, latency percentiles, tokens and"
            + " cost, tool success rates, the slowest traces as waterfalls, CPU and allocation flame graphs, resources"
            + " per tool and the bottleneck findings.",
        "With --json, the file holds the report's data document (JSON) instead of the page.",
        "Exit codes: 0 written, 1 no data or unreadable store, 2 bad arguments."
      })
  static final class Report extends StoreCommand {

    private static final DateTimeFormatter LOCAL =
        DateTimeFormatter.ofPattern("yyyy-MM-dd[['T'][' ']HH:mm[:ss]]", Locale.ROOT);

    @Option(names = "--last", paramLabel = "<duration>", description = "Traces that started within this long before now, e.g. 30m, 1h, 7d. Default: 1h")
    String last;

    @Option(
        names = "--since",
        paramLabel = "<time>",
        description = "Traces that started at or after this time: 2026-01-31T14:00 (local), an ISO instant ending in Z, or a duration ago such as 2h.")
    String since;

    @Option(names = "--until", paramLabel = "<time>", description = "Traces that started before this time, as for --since. Default: now")
    String until;

    @Option(names = "--trace", paramLabel = "<id>", description = "Report on this one trace (32 hex digits, or a unique prefix of 8 or more).")
    String traceId;

    @Option(names = "--out", paramLabel = "<file>", defaultValue = "report.html", description = "Where to write the report. Default: ${DEFAULT-VALUE}")
    Path outFile;

    @Option(
        names = "--price",
        paramLabel = "<model-glob>=<in>/<out>",
        description = "USD per million input/output tokens for matching models, e.g. 'gpt-4o*=2.5/10'; repeatable.")
    List<String> priceTexts = new ArrayList<>();

    @Override
    int execute() throws Exception {
      Instant now = Instant.now();
      if (last != null && since != null) {
        throw new CliFailure(CliFailure.USAGE, "--last and --since both set; give one of them, e.g. --last 1h or --since 2h");
      }
      Instant to = until == null ? now : time("--until", until, now);
      Instant from =
          since != null ? time("--since", since, now) : to.minus(CliDuration.parse("--last", last == null ? "1h" : last));
      if (!from.isBefore(to)) {
        throw new CliFailure(
            CliFailure.USAGE, "--since " + from + " is not before --until " + to + "; give a start before the end");
      }
      ModelPrices prices;
      try {
        prices = ModelPrices.parse("--price", priceTexts);
      } catch (IllegalArgumentException e) {
        throw new CliFailure(CliFailure.USAGE, e.getMessage());
      }
      String id = traceId == null ? null : traceId.trim().toLowerCase(Locale.ROOT);
      if (id != null && !id.matches("[0-9a-f]{8,32}")) {
        throw new CliFailure(
            CliFailure.USAGE, "--trace '" + traceId + "' is not 8 to 32 hex digits; copy the TRACE ID column of 'clude-obs traces list'");
      }

      TraceCatalog catalog = TracesListCommand.read(this, id != null && id.length() == 32 ? id : null);
      List<StoredTrace> traces = new ArrayList<>();
      if (id != null) {
        StoredTrace trace = catalog.load(unique(catalog, id));
        if (trace == null) {
          throw new CliFailure(
              CliFailure.NO_DATA,
              "trace " + traceId + " not found under " + dataDir + "; run 'clude-obs traces list' to see trace ids");
        }
        traces.add(trace);
        // The rest of the report (metrics, profiles, findings) covers the trace's own time.
        from = Instant.ofEpochSecond(0, trace.startEpochNanos());
        to = Instant.ofEpochSecond(0, trace.endEpochNanos() + 1);
      } else {
        long fromNanos = nanos(from);
        long toNanos = nanos(to);
        List<TraceDigest> picked = new ArrayList<>();
        for (TraceDigest d : catalog.traces()) {
          if (d.sortEpochNanos() >= fromNanos && d.sortEpochNanos() < toNanos) {
            picked.add(d);
          }
        }
        picked.sort(Comparator.comparingLong(TraceDigest::sortEpochNanos).thenComparing(TraceDigest::traceId));
        for (TraceDigest d : picked) {
          StoredTrace t = catalog.load(d.traceId());
          if (t != null) {
            traces.add(t);
          }
        }
      }

      ReportJson report =
          ReportJson.builder().range(dataDir, from, to).generated(now).traceId(id == null ? null : traces.get(0).traceId());
      report.traces(traces).prices(prices).metrics(metrics(report));
      if (traces.isEmpty()) {
        report.note("No trace started in this range; widen it with --last or --since.");
      }
      ProfileSource profiles = profiles(dataDir, from, to);
      if (profiles instanceof JfrProfiles && ((JfrProfiles) profiles).unreadableFiles() > 0) {
        JfrProfiles jfr = (JfrProfiles) profiles;
        report.note(
            jfr.unreadableFiles() + " of " + jfr.files() + " profile files could not be read to the end (one may still be written).");
      }
      report.profiles(profiles);
      findings(report, from, to);

      ObjectNode document = report.build();
      String text = json ? new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(document) : HtmlReport.render(document);
      try {
        Path parent = outFile.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.write(outFile, text.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new CliFailure(
            CliFailure.NO_DATA, "cannot write --out " + outFile + " (" + e.getClass().getSimpleName() + "); pick a writable path");
      }
      out.println(
          "wrote " + outFile + ": " + traces.size() + (traces.size() == 1 ? " trace" : " traces") + ", "
              + document.path("flameGraphs").size() + " flame graphs, " + document.path("findings").path("items").size()
              + " findings (" + (text.length() / 1024) + " KiB)");
      return TracesListCommand.reportSkipped(this, catalog);
    }

    private List<MetricPoint> metrics(ReportJson report) {
      try {
        StoredMetrics stored = StoredMetrics.read(LocalStoreFiles.list(dataDir, LocalStoreFiles.Signal.METRICS));
        return stored.points();
      } catch (IOException | RuntimeException e) {
        report.note("Metrics under " + dataDir + " could not be read (" + e.getClass().getSimpleName() + "); the JVM charts are left out.");
        return Collections.emptyList();
      }
    }

    private void findings(ReportJson report, Instant from, Instant to) {
      List<Finding> found = Collections.emptyList();
      String problem = null;
      try {
        found = FINDINGS.detect(dataDir, from, to);
      } catch (Exception e) {
        problem = "The bottleneck detector failed (" + e + "); the other sections are complete.";
      }
      report.findings(found, FINDINGS != FindingSource.NONE, problem);
    }

    private static String unique(TraceCatalog catalog, String id) throws CliFailure {
      if (id.length() == 32) {
        return id;
      }
      List<String> ids = catalog.idsStartingWith(id);
      if (ids.size() > 1) {
        throw new CliFailure(
            CliFailure.USAGE, "--trace prefix '" + id + "' matches " + ids.size() + " traces (e.g. " + ids.get(0) + "); give more digits");
      }
      return ids.isEmpty() ? id : ids.get(0);
    }

    /** An ISO instant, a local date-time, or a duration before {@code now}. */
    static Instant time(String option, String text, Instant now) throws CliFailure {
      String s = text.trim();
      try {
        if (s.endsWith("Z") || s.endsWith("z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
          return java.time.OffsetDateTime.parse(s.toUpperCase(Locale.ROOT)).toInstant();
        }
        if (s.matches("\\d{4}-\\d\\d-\\d\\d.*")) {
          java.time.temporal.TemporalAccessor parsed = LOCAL.parse(s);
          LocalDateTime local =
              parsed.isSupported(java.time.temporal.ChronoField.HOUR_OF_DAY)
                  ? LocalDateTime.from(parsed)
                  : java.time.LocalDate.from(parsed).atStartOfDay();
          return local.atZone(ZoneId.systemDefault()).toInstant();
        }
      } catch (DateTimeException e) {
        throw new CliFailure(
            CliFailure.USAGE,
            option + " '" + text + "' is not a time; give e.g. 2026-01-31T14:00, 2026-01-31T14:00:00Z or a duration ago such as 2h");
      }
      try {
        return now.minus(CliDuration.parse(option, s));
      } catch (CliFailure e) {
        throw new CliFailure(
            CliFailure.USAGE,
            option + " '" + text + "' is not a time; give e.g. 2026-01-31T14:00, 2026-01-31T14:00:00Z or a duration ago such as 2h");
      }
    }

    private static long nanos(Instant t) {
      return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
  }
}
