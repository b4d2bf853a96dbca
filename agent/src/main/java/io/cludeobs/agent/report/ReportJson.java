package io.cludeobs.agent.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cludeobs.agent.analysis.Finding;
import io.cludeobs.agent.metrics.aggregate.MetricPoint;
import io.cludeobs.agent.metrics.aggregate.Statistics;
import io.cludeobs.agent.store.StoredSpan;
import io.cludeobs.agent.store.StoredTrace;
import io.cludeobs.agent.store.TraceDigest;
import io.opentelemetry.api.trace.StatusCode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything one report shows, computed from the selected traces, metric points, profiles and findings, as the JSON
 * document the report's script draws. Durations are milliseconds, times epoch milliseconds, costs US dollars.
 */
public final class ReportJson {

  /** How many of the slowest traces get a waterfall. */
  static final int WATERFALLS = 5;
  /** Spans drawn per waterfall; a bigger trace is cut, and says so. */
  static final int MAX_WATERFALL_SPANS = 400;
  /** Stacks kept per flame graph, heaviest first, so that a long profile still makes a file a browser opens fast. */
  static final int MAX_STACKS = 3000;

  private static final String[] CATEGORIES = {"task", "llm", "tool", "span", "file"};
  private static final long[] STEPS_MS = {
    100, 250, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
    7_200_000, 21_600_000, 43_200_000, 86_400_000
  };
  private static final int MAX_BUCKETS = 60;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Path dataDir;
  private Instant from;
  private Instant until;
  private Instant generated = Instant.now();
  private String traceId;
  private List<StoredTrace> traces = Collections.emptyList();
  private List<MetricPoint> metrics = Collections.emptyList();
  private ProfileSource profiles = ProfileSource.NONE;
  private List<Finding> findings = Collections.emptyList();
  private boolean detector;
  private String findingsProblem;
  private ModelPrices prices = ModelPrices.NONE;
  private final List<String> notes = new ArrayList<>();

  private ReportJson() {}

  /** A report over nothing yet; set at least {@link #range}. */
  public static ReportJson builder() {
    return new ReportJson();
  }

  /** The store read, and the selected time range {@code [from, until)}. */
  public ReportJson range(Path dataDir, Instant from, Instant until) {
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    this.from = Objects.requireNonNull(from, "from");
    this.until = Objects.requireNonNull(until, "until");
    return this;
  }

  /** When the report was made (shown in its header). */
  public ReportJson generated(Instant at) {
    this.generated = Objects.requireNonNull(at, "at");
    return this;
  }

  /** The one trace the report is about, or null for all traces in the range. */
  public ReportJson traceId(String id) {
    this.traceId = id;
    return this;
  }

  /** The selected traces. */
  public ReportJson traces(List<StoredTrace> selected) {
    this.traces = Objects.requireNonNull(selected, "selected");
    return this;
  }

  /** Metric points of the range (JVM heap and CPU are drawn from them). */
  public ReportJson metrics(List<MetricPoint> points) {
    this.metrics = Objects.requireNonNull(points, "points");
    return this;
  }

  public ReportJson profiles(ProfileSource source) {
    this.profiles = Objects.requireNonNull(source, "source");
    return this;
  }

  /**
   * The detector's findings; {@code detectorPresent} false means no detector ran, {@code problem} (or null) is why
   * it failed.
   */
  public ReportJson findings(List<Finding> found, boolean detectorPresent, String problem) {
    this.findings = Objects.requireNonNull(found, "found");
    this.detector = detectorPresent;
    this.findingsProblem = problem;
    return this;
  }

  public ReportJson prices(ModelPrices modelPrices) {
    this.prices = Objects.requireNonNull(modelPrices, "modelPrices");
    return this;
  }

  /** A line shown under the header, e.g. about data that could not be read. */
  public ReportJson note(String line) {
    notes.add(Objects.requireNonNull(line, "line"));
    return this;
  }

  /** The report's data document. */
  public ObjectNode build() {
    Objects.requireNonNull(from, "range");
    ObjectNode root = MAPPER.createObjectNode();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (StoredTrace t : traces) {
      first = Math.min(first, t.startEpochNanos());
      last = Math.max(last, t.endEpochNanos());
    }
    long firstMs = traces.isEmpty() ? from.toEpochMilli() : first / 1_000_000L;
    long lastMs = traces.isEmpty() ? until.toEpochMilli() : last / 1_000_000L;
    long step = step(lastMs - firstMs);

    ObjectNode meta = root.putObject("meta");
    meta.put("dataDir", dataDir.toString());
    meta.put("from", from.toEpochMilli());
    meta.put("until", until.toEpochMilli());
    meta.put("generated", generated.toEpochMilli());
    meta.put("traceId", traceId);
    meta.put("firstMs", firstMs);
    meta.put("lastMs", lastMs);
    meta.put("bucketMs", step);
    ArrayNode noteArray = meta.putArray("notes");
    for (String n : notes) {
      noteArray.add(n);
    }

    List<SpanFacts> spans = new ArrayList<>();
    for (StoredTrace t : traces) {
      for (StoredSpan s : t.spans()) {
        spans.add(new SpanFacts(s));
      }
    }
    summary(root.putObject("summary"), spans);
    latency(root.putArray("latency"), spans, step);
    tokens(root.putObject("tokens"), spans, step);
    tools(root, spans);
    waterfalls(root.putArray("waterfalls"));
    flameGraphs(root.putArray("flameGraphs"));
    findings(root.putObject("findings"));
    jvm(root.putArray("jvm"));
    return root;
  }

  /** What the report needs of one span. */
  private static final class SpanFacts {
    final StoredSpan span;
    final String category;
    final boolean error;
    final long startMs;
    final double durationMs;
    final String model;
    final long input;
    final long output;

    SpanFacts(StoredSpan s) {
      this.span = s;
      this.category = category(s);
      this.error = s.statusCode() == StatusCode.ERROR;
      this.startMs = s.startEpochNanos() / 1_000_000L;
      this.durationMs = s.durationNanos() / 1e6;
      Object m = s.attribute("gen_ai.request.model");
      if (m == null) {
        m = s.attribute("gen_ai.response.model");
      }
      this.model = m == null ? "(unknown)" : String.valueOf(m);
      this.input = number(s.attribute("gen_ai.usage.input_tokens"));
      this.output = number(s.attribute("gen_ai.usage.output_tokens"));
    }
  }

  static String category(StoredSpan s) {
    int bit =
        TraceDigest.categoryBit(s.name(), string(s.attribute("clude.category")), string(s.attribute("gen_ai.operation.name")));
    switch (bit) {
      case TraceDigest.TASK:
        return "task";
      case TraceDigest.LLM:
        return "llm";
      case TraceDigest.TOOL:
        return "tool";
      case TraceDigest.FILE:
        return "file";
      default:
        return "span";
    }
  }

  /** The bucket width: the smallest of the usual steps that cuts the extent into at most 60 buckets. */
  static long step(long extentMs) {
    for (long s : STEPS_MS) {
      if (extentMs / s < MAX_BUCKETS) {
        return s;
      }
    }
    return STEPS_MS[STEPS_MS.length - 1] * (extentMs / (STEPS_MS[STEPS_MS.length - 1] * MAX_BUCKETS) + 1);
  }

  private void summary(ObjectNode o, List<SpanFacts> spans) {
    long tasks = 0;
    long failedTasks = 0;
    long llm = 0;
    long tools = 0;
    long failedTools = 0;
    long errors = 0;
    long input = 0;
    long output = 0;
    double cost = 0;
    boolean unpriced = false;
    List<Double> taskMs = new ArrayList<>();
    for (SpanFacts f : spans) {
      errors += f.error ? 1 : 0;
      if ("task".equals(f.category)) {
        tasks++;
        failedTasks += f.error ? 1 : 0;
        taskMs.add(f.durationMs);
      } else if ("llm".equals(f.category)) {
        llm++;
        input += f.input;
        output += f.output;
        cost += prices.cost(f.model, f.input, f.output);
        unpriced |= !prices.knows(f.model);
      } else if ("tool".equals(f.category)) {
        tools++;
        failedTools += f.error ? 1 : 0;
      }
    }
    o.put("traces", traces.size());
    o.put("spans", spans.size());
    o.put("tasks", tasks);
    o.put("failedTasks", failedTasks);
    o.put("llmCalls", llm);
    o.put("toolCalls", tools);
    o.put("failedToolCalls", failedTools);
    o.put("errors", errors);
    o.put("inputTokens", input);
    o.put("outputTokens", output);
    o.put("costUsd", cost);
    o.put("costComplete", !unpriced);
    Statistics task = Statistics.ofValues(doubles(taskMs));
    putNumber(o, "taskP50Ms", task.p50());
    putNumber(o, "taskP95Ms", task.p95());
  }

  private static void latency(ArrayNode out, List<SpanFacts> spans, long step) {
    for (String category : CATEGORIES) {
      Map<Long, List<Double>> buckets = new TreeMap<>();
      for (SpanFacts f : spans) {
        if (f.category.equals(category)) {
          buckets.computeIfAbsent(Math.floorDiv(f.startMs, step) * step, k -> new ArrayList<>()).add(f.durationMs);
        }
      }
      if (buckets.isEmpty()) {
        continue;
      }
      ObjectNode series = out.addObject();
      series.put("category", category);
      ArrayNode points = series.putArray("points");
      for (Map.Entry<Long, List<Double>> e : buckets.entrySet()) {
        Statistics s = Statistics.ofValues(doubles(e.getValue()));
        ObjectNode p = points.addObject();
        p.put("t", e.getKey());
        p.put("count", s.count());
        p.put("p50", s.p50());
        p.put("p95", s.p95());
        p.put("p99", s.p99());
      }
    }
  }

  private void tokens(ObjectNode o, List<SpanFacts> spans, long step) {
    Map<Long, double[]> buckets = new TreeMap<>();
    Map<String, List<SpanFacts>> byModel = new TreeMap<>();
    for (SpanFacts f : spans) {
      if (!"llm".equals(f.category)) {
        continue;
      }
      double[] b = buckets.computeIfAbsent(Math.floorDiv(f.startMs, step) * step, k -> new double[4]);
      b[0] += f.input;
      b[1] += f.output;
      b[2] += prices.cost(f.model, f.input, f.output);
      b[3]++;
      byModel.computeIfAbsent(f.model, k -> new ArrayList<>()).add(f);
    }
    ArrayNode points = o.putArray("points");
    for (Map.Entry<Long, double[]> e : buckets.entrySet()) {
      ObjectNode p = points.addObject();
      p.put("t", e.getKey());
      p.put("input", (long) e.getValue()[0]);
      p.put("output", (long) e.getValue()[1]);
      p.put("cost", e.getValue()[2]);
      p.put("calls", (long) e.getValue()[3]);
    }
    ArrayNode models = o.putArray("byModel");
    for (Map.Entry<String, List<SpanFacts>> e : byModel.entrySet()) {
      long input = 0;
      long output = 0;
      long errors = 0;
      List<Double> ms = new ArrayList<>();
      for (SpanFacts f : e.getValue()) {
        input += f.input;
        output += f.output;
        errors += f.error ? 1 : 0;
        ms.add(f.durationMs);
      }
      Statistics s = Statistics.ofValues(doubles(ms));
      ObjectNode m = models.addObject();
      m.put("model", e.getKey());
      m.put("calls", e.getValue().size());
      m.put("errors", errors);
      m.put("input", input);
      m.put("output", output);
      m.put("priced", prices.knows(e.getKey()));
      m.put("cost", prices.cost(e.getKey(), input, output));
      m.put("p50", s.p50());
      m.put("p95", s.p95());
    }
  }

  private void tools(ObjectNode root, List<SpanFacts> spans) {
    Map<String, List<SpanFacts>> byTool = new TreeMap<>();
    Map<String, StoredTrace> traceOf = new LinkedHashMap<>();
    for (StoredTrace t : traces) {
      traceOf.put(t.traceId(), t);
    }
    for (SpanFacts f : spans) {
      if ("tool".equals(f.category)) {
        byTool.computeIfAbsent(toolName(f.span), k -> new ArrayList<>()).add(f);
      }
    }
    Map<String, Map<String, Long>> resources = profiles.resourcesByTool();
    Set<String> columns = new TreeSet<>();
    for (Map<String, Long> r : resources.values()) {
      columns.addAll(r.keySet());
    }
    ArrayNode columnArray = root.putArray("resourceColumns");
    for (String c : columns) {
      columnArray.add(c);
    }
    ArrayNode out = root.putArray("tools");
    for (Map.Entry<String, List<SpanFacts>> e : byTool.entrySet()) {
      long errors = 0;
      long fileOps = 0;
      long fileBytes = 0;
      double total = 0;
      List<Double> ms = new ArrayList<>();
      for (SpanFacts f : e.getValue()) {
        errors += f.error ? 1 : 0;
        total += f.durationMs;
        ms.add(f.durationMs);
        long[] io = new long[2];
        fileIo(traceOf.get(f.span.traceId()), f.span, io, new HashSet<String>());
        fileOps += io[0];
        fileBytes += io[1];
      }
      Statistics s = Statistics.ofValues(doubles(ms));
      ObjectNode t = out.addObject();
      t.put("name", e.getKey());
      int calls = e.getValue().size();
      t.put("calls", calls);
      t.put("errors", errors);
      t.put("successRate", (calls - errors) / (double) calls);
      t.put("p50", s.p50());
      t.put("p95", s.p95());
      t.put("meanMs", s.mean());
      t.put("totalMs", total);
      t.put("fileOps", fileOps);
      t.put("fileBytes", fileBytes);
      ObjectNode r = t.putObject("resources");
      Map<String, Long> own = resources.get(e.getKey());
      if (own != null) {
        for (Map.Entry<String, Long> c : new TreeMap<>(own).entrySet()) {
          r.put(c.getKey(), c.getValue());
        }
      }
    }
  }

  private static void fileIo(StoredTrace trace, StoredSpan span, long[] io, Set<String> seen) {
    if (trace == null) {
      return;
    }
    for (StoredSpan child : trace.children(span)) {
      if (!seen.add(child.spanId())) {
        continue;
      }
      if ("file".equals(category(child))) {
        io[0]++;
        io[1] += number(child.attribute("clude.file.bytes"));
      }
      fileIo(trace, child, io, seen);
    }
  }

  static String toolName(StoredSpan s) {
    Object tool = s.attribute("gen_ai.tool.name");
    return tool != null ? String.valueOf(tool) : s.name();
  }

  private List<StoredTrace> slowest() {
    List<StoredTrace> sorted = new ArrayList<>(traces);
    sorted.sort(Comparator.comparingLong(StoredTrace::durationNanos).reversed().thenComparing(StoredTrace::traceId));
    return sorted.subList(0, Math.min(WATERFALLS, sorted.size()));
  }

  private void waterfalls(ArrayNode out) {
    for (StoredTrace t : slowest()) {
      ObjectNode w = out.addObject();
      w.put("traceId", t.traceId());
      w.put("root", t.roots().get(0).name());
      w.put("start", t.startEpochNanos() / 1_000_000L);
      w.put("durationMs", t.durationNanos() / 1e6);
      w.put("spanCount", t.spans().size());
      ArrayNode rows = w.putArray("spans");
      Set<String> seen = new HashSet<>();
      for (StoredSpan root : t.roots()) {
        if (rows.size() < MAX_WATERFALL_SPANS && seen.add(root.spanId())) {
          row(rows, t, root, 0);
          descend(rows, t, root, 1, seen);
        }
      }
      w.put("truncated", rows.size() < t.spans().size());
    }
  }

  private void descend(ArrayNode rows, StoredTrace t, StoredSpan parent, int depth, Set<String> seen) {
    for (StoredSpan child : t.children(parent)) {
      if (rows.size() >= MAX_WATERFALL_SPANS) {
        return;
      }
      // Repeated span ids in corrupt data would otherwise loop forever.
      if (seen.add(child.spanId())) {
        row(rows, t, child, depth);
        descend(rows, t, child, depth + 1, seen);
      }
    }
  }

  private static void row(ArrayNode rows, StoredTrace t, StoredSpan s, int depth) {
    ObjectNode r = rows.addObject();
    r.put("name", s.name());
    r.put("category", category(s));
    r.put("depth", depth);
    r.put("offsetMs", (s.startEpochNanos() - t.startEpochNanos()) / 1e6);
    r.put("durationMs", s.durationNanos() / 1e6);
    r.put("error", s.statusCode() == StatusCode.ERROR);
    List<String> details = new ArrayList<>();
    Object model = s.attribute("gen_ai.request.model");
    if (model != null) {
      details.add("model " + model);
    }
    Object in = s.attribute("gen_ai.usage.input_tokens");
    Object outTokens = s.attribute("gen_ai.usage.output_tokens");
    if (in != null || outTokens != null) {
      details.add("tokens " + (in == null ? "?" : in) + "/" + (outTokens == null ? "?" : outTokens));
    }
    Object errorType = s.attribute("error.type");
    if (errorType != null) {
      details.add("error " + errorType);
    }
    Object path = s.attribute("file.path");
    if (path != null) {
      details.add(String.valueOf(path));
    }
    r.put("detail", String.join(", ", details));
  }

  private void flameGraphs(ArrayNode out) {
    for (ProfileSource.Kind kind : ProfileSource.Kind.values()) {
      flame(out, kind, "all", "all samples", null, null);
    }
    if (!profiles.linkedToSpans()) {
      return;
    }
    for (StoredTrace t : slowest()) {
      for (ProfileSource.Kind kind : ProfileSource.Kind.values()) {
        flame(out, kind, "trace", "trace " + t.traceId().substring(0, 8) + " " + t.roots().get(0).name(), t.traceId(), null);
      }
    }
    Set<String> tools = new TreeSet<>();
    for (StoredTrace t : traces) {
      for (StoredSpan s : t.spans()) {
        if ("tool".equals(category(s))) {
          tools.add(toolName(s));
        }
      }
    }
    for (String tool : tools) {
      for (ProfileSource.Kind kind : ProfileSource.Kind.values()) {
        flame(out, kind, "tool", "tool " + tool, null, tool);
      }
    }
  }

  private void flame(ArrayNode out, ProfileSource.Kind kind, String scope, String label, String trace, String tool) {
    Map<String, Long> folded = profiles.flameGraph(kind, trace, tool);
    if (folded.isEmpty()) {
      return;
    }
    List<Map.Entry<String, Long>> entries = new ArrayList<>(folded.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    long total = 0;
    for (Map.Entry<String, Long> e : entries) {
      total += e.getValue();
    }
    ObjectNode f = out.addObject();
    f.put("kind", kind == ProfileSource.Kind.CPU ? "cpu" : "allocation");
    f.put("scope", scope);
    f.put("label", label);
    f.put("total", total);
    f.put("droppedStacks", Math.max(0, entries.size() - MAX_STACKS));
    ObjectNode stacks = f.putObject("stacks");
    for (int i = 0; i < entries.size() && i < MAX_STACKS; i++) {
      stacks.put(entries.get(i).getKey(), entries.get(i).getValue());
    }
  }

  private void findings(ObjectNode o) {
    o.put("detector", detector);
    o.put("problem", findingsProblem);
    ArrayNode items = o.putArray("items");
    List<Finding> sorted = new ArrayList<>(findings);
    // Most urgent first; the detector's order among equals is kept.
    sorted.sort(Comparator.comparing(Finding::severity).reversed());
    for (Finding f : sorted) {
      ObjectNode i = items.addObject();
      i.put("severity", f.severity().name());
      i.put("detector", f.detector());
      i.put("title", f.title());
      ObjectNode evidence = i.putObject("evidence");
      for (Map.Entry<String, String> e : f.evidence().entrySet()) {
        evidence.put(e.getKey(), e.getValue());
      }
      ArrayNode examples = i.putArray("examples");
      for (String id : f.exampleTraceIds()) {
        examples.add(id);
      }
      i.put("suggestion", f.suggestion());
    }
  }

  private void jvm(ArrayNode out) {
    long fromNanos = from.getEpochSecond() * 1_000_000_000L + from.getNano();
    long untilNanos = until.getEpochSecond() * 1_000_000_000L + until.getNano();
    Map<String, TreeMap<Long, Double>> heap = new TreeMap<>();
    Map<String, TreeMap<Long, Double>> cpu = new TreeMap<>();
    for (MetricPoint p : metrics) {
      if (p.timeNanos() < fromNanos || p.timeNanos() >= untilNanos) {
        continue;
      }
      long t = p.timeNanos() / 1_000_000L;
      if ("jvm.memory.used".equals(p.name()) && "heap".equals(p.attributes().get("jvm.memory.type"))) {
        heap.computeIfAbsent(p.source(), k -> new TreeMap<>()).merge(t, p.value() / (1024 * 1024), Double::sum);
      } else if ("process.cpu.utilization".equals(p.name()) || "jvm.cpu.recent_utilization".equals(p.name())) {
        // Both measure this process; the first one seen at an instant is kept.
        cpu.computeIfAbsent(p.source(), k -> new TreeMap<>()).putIfAbsent(t, p.value() * 100);
      }
    }
    series(out, "heap used", "MB", heap);
    series(out, "process CPU", "%", cpu);
  }

  private static void series(ArrayNode out, String name, String unit, Map<String, TreeMap<Long, Double>> bySource) {
    for (Map.Entry<String, TreeMap<Long, Double>> e : bySource.entrySet()) {
      ObjectNode s = out.addObject();
      s.put("name", name + " " + e.getKey());
      s.put("unit", unit);
      ArrayNode points = s.putArray("points");
      for (Map.Entry<Long, Double> p : e.getValue().entrySet()) {
        points.addArray().add(p.getKey()).add(p.getValue());
      }
    }
  }

  private static void putNumber(ObjectNode o, String key, double value) {
    if (Double.isNaN(value)) {
      o.putNull(key);
    } else {
      o.put(key, value);
    }
  }

  private static double[] doubles(List<Double> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  private static String string(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  private static long number(Object value) {
    return value instanceof Long ? (Long) value : 0;
  }
}
