package io.cludeobs.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cludeobs.agent.metrics.aggregate.HistogramBuckets;
import io.cludeobs.agent.metrics.aggregate.MetricPoint;
import io.cludeobs.agent.metrics.aggregate.Statistics;
import io.cludeobs.agent.metrics.aggregate.StoredMetrics;
import io.cludeobs.agent.metrics.aggregate.TimeWindow;
import io.cludeobs.agent.store.LocalStoreFiles;
import io.cludeobs.agent.store.LocalStoreFiles.Signal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code clude-obs metrics status}: the business and application metrics of the local store as tables, each row
 * once for everything stored ("total") and once for the last window before the newest reading.
 *
 * <p>Metric files hold cumulative readings per process, so a series' total is its newest reading and its
 * last-window value the newest reading minus the last one at or before the window's start; series of several
 * processes are added. The window slides with the data rather than the clock, so a store written an hour ago still
 * shows its last minutes.
 */
@Command(
    name = "status",
    description = {
      "LLM requests and tokens by model, tool calls and success rate by tool, file operations and bytes, tasks with"
          + " p50/p95 and success rate, CPU and memory: totals and the last window before the newest reading.",
      "Exit codes: 0 shown, 1 no metric files or unreadable files, 2 bad arguments."
    })
final class MetricsStatusCommand extends StoreCommand {

  static final String LLM_DURATION = "gen_ai.client.operation.duration";
  static final String TOKENS = "gen_ai.client.token.usage";
  /** Issue 5's cost metric; its column appears once the store holds it. */
  static final String COST = "clude.gen_ai.cost";
  static final String TOOL_DURATION = "clude.tool.duration";
  static final String TASK_DURATION = "clude.task.duration";
  static final String FILE_DURATION = "clude.file.operation.duration";
  static final String FILE_SIZE = "clude.file.io.size";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  @Option(
      names = "--window",
      paramLabel = "1m|5m|1h",
      defaultValue = "5m",
      description = "The last window: this long before the newest reading. Default: ${DEFAULT-VALUE}")
  String window;

  private long newest;
  private long windowStart;
  private String period;

  @Override
  int execute() throws Exception {
    TimeWindow size = parseWindow(window);
    Path dir = existingDataDir();
    List<Path> files = LocalStoreFiles.list(dir, Signal.METRICS);
    if (files.isEmpty()) {
      throw new CliFailure(
          CliFailure.NO_DATA,
          "no metric files under "
              + LocalStoreFiles.signalDir(dir, Signal.METRICS)
              + "; run the app with -javaagent:clude-obs.jar (metrics on) or point --data-dir at its clude.obs.data_dir");
    }
    StoredMetrics stored = StoredMetrics.read(files);
    List<MetricPoint> points = stored.points();
    if (points.isEmpty()) {
      throw new CliFailure(
          CliFailure.NO_DATA,
          "no readable metric points in " + files.size() + " metric files under " + dir + "; the app has not exported yet");
    }
    newest = Long.MIN_VALUE;
    Set<String> sources = new HashSet<>();
    for (MetricPoint p : points) {
      newest = Math.max(newest, p.timeNanos());
      sources.add(p.source());
    }
    windowStart = newest - size.size().toNanos();
    period = "last " + window.trim().toLowerCase(Locale.ROOT);

    Map<String, Table> tables = new LinkedHashMap<>();
    tables.put("LLM requests", llm(points));
    tables.put("Tool calls", callTable("TOOL", points, TOOL_DURATION, a -> a.getOrDefault("gen_ai.tool.name", "(unnamed)")));
    tables.put("File operations", files(points));
    tables.put("Tasks", callTable("TASK", points, TASK_DURATION, a -> a.getOrDefault("code.function.name", "(unnamed)")));
    tables.put("Resources", resources(points));

    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode root = mapper.createObjectNode();
      root.put("window", window.trim().toLowerCase(Locale.ROOT));
      root.put("newest_reading", Instant.ofEpochSecond(0, newest).toString());
      root.put("window_start", Instant.ofEpochSecond(0, windowStart).toString());
      root.put("processes", sources.size());
      root.put("skipped_lines", stored.skippedLines());
      for (Map.Entry<String, Table> e : tables.entrySet()) {
        root.set(e.getKey().toLowerCase(Locale.ROOT).replace(' ', '_'), e.getValue().json());
      }
      out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } else {
      out.println(
          "metrics of "
              + sources.size()
              + (sources.size() == 1 ? " process" : " processes")
              + ", newest reading "
              + TIME.format(Instant.ofEpochSecond(0, newest))
              + "; "
              + period
              + " = since "
              + TIME.format(Instant.ofEpochSecond(0, windowStart)));
      for (Map.Entry<String, Table> e : tables.entrySet()) {
        out.println();
        out.println(terminal.colour(36, e.getKey()));
        if (e.getValue().isEmpty()) {
          out.println("  (none recorded)");
        } else {
          e.getValue().print(out);
        }
      }
    }
    if (stored.skippedLines() > 0) {
      err.println("note: skipped " + stored.skippedLines() + " unreadable lines in " + files.size() + " metric files");
    }
    return 0;
  }

  static TimeWindow parseWindow(String text) throws CliFailure {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "1m":
        return TimeWindow.ONE_MINUTE;
      case "5m":
        return TimeWindow.FIVE_MINUTES;
      case "1h":
        return TimeWindow.ONE_HOUR;
      default:
        throw new CliFailure(CliFailure.USAGE, "--window '" + text + "' is not a window; use 1m, 5m or 1h");
    }
  }

  /** What one group of histogram series recorded: everything stored, or the last window. */
  static final class Calls {
    long count;
    long errors;
    double sum;
    HistogramBuckets merged;
    boolean mergeable = true;

    void add(HistogramBuckets h, boolean error) {
      count += h.count();
      sum += h.sum();
      if (error) {
        errors += h.count();
      }
      if (!mergeable) {
        return;
      }
      try {
        merged = merged == null ? h : merged.plus(h);
      } catch (IllegalArgumentException differentBuckets) {
        // processes with different bucket advice: counts and sums still add, percentiles do not
        mergeable = false;
        merged = null;
      }
    }

    Statistics statistics() {
      return merged == null ? null : Statistics.ofHistogram(merged);
    }
  }

  /** Per group, [total, last window]. */
  private Map<String, Calls[]> histograms(
      List<MetricPoint> points, String metric, Predicate<Map<String, String>> filter, Function<Map<String, String>, String> group) {
    Map<String, Calls[]> out = new TreeMap<>();
    for (List<MetricPoint> series : series(points, metric).values()) {
      MetricPoint last = series.get(series.size() - 1);
      if (last.buckets() == null || !filter.test(last.attributes())) {
        continue;
      }
      MetricPoint before = before(series);
      Calls[] calls = out.computeIfAbsent(group.apply(last.attributes()), k -> new Calls[] {new Calls(), new Calls()});
      boolean error = last.attributes().containsKey("error.type");
      calls[0].add(last.buckets(), error);
      calls[1].add(before == null ? last.buckets() : last.buckets().minus(before.buckets()), error);
    }
    return out;
  }

  /** Per group, [total, last window] of a counter, or of a histogram's sum. */
  private Map<String, double[]> totals(
      List<MetricPoint> points, String metric, Predicate<Map<String, String>> filter, Function<Map<String, String>, String> group) {
    Map<String, double[]> out = new TreeMap<>();
    for (List<MetricPoint> series : series(points, metric).values()) {
      MetricPoint last = series.get(series.size() - 1);
      if (!filter.test(last.attributes())) {
        continue;
      }
      MetricPoint before = before(series);
      double total = value(last);
      double earlier = before == null ? 0 : value(before);
      double[] sums = out.computeIfAbsent(group.apply(last.attributes()), k -> new double[2]);
      sums[0] += total;
      sums[1] += total - earlier;
    }
    return out;
  }

  private static double value(MetricPoint p) {
    return p.buckets() != null ? p.buckets().sum() : p.value();
  }

  /** The newest reading at or before the window's start, or null when the series began inside the window. */
  private MetricPoint before(List<MetricPoint> series) {
    MetricPoint before = null;
    for (MetricPoint p : series) {
      if (p.timeNanos() <= windowStart) {
        before = p;
      }
    }
    return before;
  }

  /** Points of one metric per series (process and attributes), oldest first. */
  private static Map<String, List<MetricPoint>> series(List<MetricPoint> points, String metric) {
    Map<String, List<MetricPoint>> out = new LinkedHashMap<>();
    for (MetricPoint p : points) {
      if (p.name().equals(metric)) {
        out.computeIfAbsent(p.source() + '\u0000' + p.attributes(), k -> new ArrayList<>()).add(p);
      }
    }
    for (List<MetricPoint> s : out.values()) {
      s.sort(Comparator.comparingLong(MetricPoint::timeNanos));
    }
    return out;
  }

  private static String model(Map<String, String> a) {
    String m = a.get("gen_ai.request.model");
    if (m == null) {
      m = a.get("gen_ai.response.model");
    }
    return m == null ? "(unknown)" : m;
  }

  private Table llm(List<MetricPoint> points) {
    Map<String, Calls[]> requests = histograms(points, LLM_DURATION, a -> true, MetricsStatusCommand::model);
    Map<String, double[]> in = totals(points, TOKENS, a -> "input".equals(a.get("gen_ai.token.type")), MetricsStatusCommand::model);
    Map<String, double[]> outTokens =
        totals(points, TOKENS, a -> "output".equals(a.get("gen_ai.token.type")), MetricsStatusCommand::model);
    boolean hasCost = !series(points, COST).isEmpty();
    Map<String, double[]> cost = hasCost ? totals(points, COST, a -> true, MetricsStatusCommand::model) : null;
    Table t =
        hasCost
            ? new Table("MODEL", "PERIOD", "REQUESTS", "ERRORS", "TOKENS IN", "TOKENS OUT", "COST", "P50", "P95")
            : new Table("MODEL", "PERIOD", "REQUESTS", "ERRORS", "TOKENS IN", "TOKENS OUT", "P50", "P95");
    Set<String> models = new java.util.TreeSet<>(requests.keySet());
    models.addAll(in.keySet());
    models.addAll(outTokens.keySet());
    for (String model : models) {
      Calls[] calls = requests.getOrDefault(model, new Calls[] {new Calls(), new Calls()});
      for (int i = 0; i < 2; i++) {
        List<Object> row = new ArrayList<>();
        cell(row, model, model);
        cell(row, i == 0 ? "total" : period, i == 0 ? "total" : period);
        count(row, calls[i].count);
        count(row, calls[i].errors);
        count(row, Math.round(in.getOrDefault(model, new double[2])[i]));
        count(row, Math.round(outTokens.getOrDefault(model, new double[2])[i]));
        if (hasCost) {
          double c = cost.getOrDefault(model, new double[2])[i];
          cell(row, c, String.format(Locale.ROOT, "%.4f", c));
        }
        percentiles(row, calls[i]);
        t.row(row.toArray());
      }
    }
    return t;
  }

  private Table callTable(String label, List<MetricPoint> points, String metric, Function<Map<String, String>, String> group) {
    Table t = new Table(label, "PERIOD", "CALLS", "ERRORS", "SUCCESS %", "P50", "P95");
    for (Map.Entry<String, Calls[]> e : histograms(points, metric, a -> true, group).entrySet()) {
      for (int i = 0; i < 2; i++) {
        Calls c = e.getValue()[i];
        List<Object> row = new ArrayList<>();
        cell(row, e.getKey(), e.getKey());
        cell(row, i == 0 ? "total" : period, i == 0 ? "total" : period);
        count(row, c.count);
        count(row, c.errors);
        if (c.count == 0) {
          cell(row, null, "-");
        } else {
          double rate = 100.0 * (c.count - c.errors) / c.count;
          cell(row, rate, String.format(Locale.ROOT, "%.1f", rate));
        }
        percentiles(row, c);
        t.row(row.toArray());
      }
    }
    return t;
  }

  private Table files(List<MetricPoint> points) {
    Function<Map<String, String>, String> op = a -> a.getOrDefault("clude.file.operation", "(unknown)");
    Map<String, Calls[]> ops = histograms(points, FILE_DURATION, a -> true, op);
    Map<String, double[]> bytes = totals(points, FILE_SIZE, a -> true, op);
    Table t = new Table("OPERATION", "PERIOD", "COUNT", "ERRORS", "BYTES");
    for (Map.Entry<String, Calls[]> e : ops.entrySet()) {
      for (int i = 0; i < 2; i++) {
        List<Object> row = new ArrayList<>();
        cell(row, e.getKey(), e.getKey());
        cell(row, i == 0 ? "total" : period, i == 0 ? "total" : period);
        count(row, e.getValue()[i].count);
        count(row, e.getValue()[i].errors);
        count(row, Math.round(bytes.getOrDefault(e.getKey(), new double[2])[i]));
        t.row(row.toArray());
      }
    }
    return t;
  }

  private Table resources(List<MetricPoint> points) {
    Table t = new Table("RESOURCE", "CURRENT", period.toUpperCase(Locale.ROOT) + " AVG", period.toUpperCase(Locale.ROOT) + " MAX");
    String processCpu = series(points, "process.cpu.utilization").isEmpty() ? "jvm.cpu.recent_utilization" : "process.cpu.utilization";
    gauge(t, "process cpu %", points, processCpu, a -> true, 100);
    gauge(t, "system cpu %", points, "system.cpu.utilization", a -> !"idle".equals(a.get("cpu.mode")), 100);
    gauge(t, "heap used MiB", points, "jvm.memory.used", a -> "heap".equals(a.get("jvm.memory.type")), 1.0 / (1024 * 1024));
    gauge(t, "system memory used %", points, "system.memory.utilization", a -> "used".equals(a.get("system.memory.state")), 100);
    return t;
  }

  /**
   * A row for a level (gauge or up-down counter): the matching series of one process are added per reading; the
   * current value adds each process's newest reading, the window's average and maximum are over readings in it.
   */
  private void gauge(Table t, String label, List<MetricPoint> points, String metric, Predicate<Map<String, String>> filter, double scale) {
    Map<String, TreeMap<Long, Double>> bySource = new TreeMap<>();
    for (MetricPoint p : points) {
      if (p.name().equals(metric) && p.buckets() == null && filter.test(p.attributes())) {
        bySource.computeIfAbsent(p.source(), k -> new TreeMap<>()).merge(p.timeNanos(), p.value(), Double::sum);
      }
    }
    if (bySource.isEmpty()) {
      return;
    }
    double current = 0;
    double max = Double.NaN;
    double sum = 0;
    int n = 0;
    for (TreeMap<Long, Double> readings : bySource.values()) {
      current += readings.lastEntry().getValue();
      for (Map.Entry<Long, Double> r : readings.tailMap(windowStart, false).entrySet()) {
        sum += r.getValue();
        n++;
        max = Double.isNaN(max) ? r.getValue() : Math.max(max, r.getValue());
      }
    }
    List<Object> row = new ArrayList<>();
    cell(row, label, label);
    level(row, current * scale);
    level(row, n == 0 ? Double.NaN : sum / n * scale);
    level(row, max * scale);
    t.row(row.toArray());
  }

  private static void level(List<Object> row, double v) {
    if (Double.isNaN(v)) {
      cell(row, null, "-");
    } else {
      cell(row, v, String.format(Locale.ROOT, "%.1f", v));
    }
  }

  private static void percentiles(List<Object> row, Calls c) {
    Statistics s = c.statistics();
    if (s == null || s.count() == 0) {
      cell(row, null, "-");
      cell(row, null, "-");
      return;
    }
    // durations are recorded in seconds; JSON gives milliseconds
    cell(row, s.p50() * 1e3, TracesCommand.duration(Math.round(s.p50() * 1e9)));
    cell(row, s.p95() * 1e3, TracesCommand.duration(Math.round(s.p95() * 1e9)));
  }

  private static void count(List<Object> row, long n) {
    cell(row, n, Long.toString(n));
  }

  private static void cell(List<Object> row, Object value, String text) {
    row.add(value);
    row.add(text);
  }
}
