package io.cludeobs.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cludeobs.agent.store.StoredSpan;
import io.cludeobs.agent.store.StoredTrace;
import io.cludeobs.agent.store.TraceCatalog;
import io.cludeobs.agent.store.TraceDigest;
import io.opentelemetry.api.trace.StatusCode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clude-obs traces show <id>}: one trace as a waterfall of its span tree. */
@Command(
    name = "show",
    description = {
      "One trace as a waterfall: the span tree, each span's start offset and duration, a bar scaled to the"
          + " terminal width, and its key attributes (model, tokens, tool, file, error).",
      "Exit codes: 0 shown, 1 no such trace or unreadable files, 2 bad arguments."
    })
final class TracesShowCommand extends StoreCommand {

  private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
  private static final int MAX_NAME_WIDTH = 48;
  private static final int MIN_BAR = 10;

  @Parameters(paramLabel = "<trace-id>", description = "The trace id from 'traces list' (32 hex digits, or a unique prefix of 8 or more).")
  String traceId;

  @Option(names = "--width", paramLabel = "<columns>", description = "Line width to fit the waterfall to. Default: the terminal's, else 120.")
  Integer width;

  /** A span in tree order with its depth and tree prefix. */
  private static final class Row {
    final StoredSpan span;
    final int depth;
    final String prefix;

    Row(StoredSpan span, int depth, String prefix) {
      this.span = span;
      this.depth = depth;
      this.prefix = prefix;
    }
  }

  @Override
  int execute() throws Exception {
    String id = traceId.trim().toLowerCase(Locale.ROOT);
    if (!id.matches("[0-9a-f]{8,32}")) {
      throw new CliFailure(
          CliFailure.USAGE,
          "trace id '" + traceId + "' is not 8 to 32 hex digits; copy the TRACE ID column of 'clude-obs traces list'");
    }
    if (width != null && width < 40) {
      throw new CliFailure(CliFailure.USAGE, "--width " + width + " is too narrow; pass --width 40 or more");
    }
    boolean full = id.length() == 32;
    TraceCatalog catalog = TracesListCommand.read(this, full ? id : null);
    if (!full) {
      List<String> ids = catalog.idsStartingWith(id);
      if (ids.size() > 1) {
        throw new CliFailure(
            CliFailure.USAGE,
            "trace id prefix '" + id + "' matches " + ids.size() + " traces (e.g. " + ids.get(0) + "); give more digits");
      }
      if (ids.size() == 1) {
        id = ids.get(0);
      }
    }
    StoredTrace trace = catalog.load(id);
    if (trace == null) {
      int code = TracesListCommand.reportSkipped(this, catalog);
      throw new CliFailure(
          CliFailure.NO_DATA,
          "trace "
              + traceId
              + " not found in "
              + catalog.files().size()
              + " trace files under "
              + dataDir
              + (code != 0 ? " (some were unreadable)" : "")
              + "; run 'clude-obs traces list' to see trace ids");
    }
    List<Row> rows = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (StoredSpan root : trace.roots()) {
      if (seen.add(root.spanId())) {
        rows.add(new Row(root, 0, ""));
        addChildren(trace, root, 1, "", rows, seen);
      }
    }
    if (json) {
      printJson(trace, rows);
    } else {
      printWaterfall(trace, rows, width != null ? width : terminal.width());
    }
    return TracesListCommand.reportSkipped(this, catalog);
  }

  private static void addChildren(StoredTrace trace, StoredSpan parent, int depth, String indent, List<Row> rows, Set<String> seen) {
    List<StoredSpan> children = trace.children(parent);
    for (int i = 0; i < children.size(); i++) {
      StoredSpan child = children.get(i);
      // Repeated span ids in corrupt data would otherwise loop forever.
      if (!seen.add(child.spanId())) {
        continue;
      }
      boolean last = i == children.size() - 1;
      rows.add(new Row(child, depth, indent + (last ? "└─ " : "├─ ")));
      addChildren(trace, child, depth + 1, indent + (last ? "   " : "│  "), rows, seen);
    }
  }

  private void printWaterfall(StoredTrace trace, List<Row> rows, int lineWidth) {
    StoredSpan first = trace.roots().get(0);
    long errors = 0;
    for (StoredSpan s : trace.spans()) {
      if (s.statusCode() == StatusCode.ERROR) {
        errors++;
      }
    }
    out.println(
        terminal.colour(1, "trace " + trace.traceId())
            + "  "
            + first.name()
            + "  "
            + trace.spans().size()
            + (trace.spans().size() == 1 ? " span  " : " spans  ")
            + TracesCommand.duration(trace.durationNanos())
            + "  started "
            + START.format(Instant.ofEpochSecond(0, trace.startEpochNanos()).atZone(ZoneId.systemDefault()))
            + (errors > 0 ? terminal.colour(31, "  " + errors + (errors == 1 ? " error" : " errors")) : ""));
    List<String> names = new ArrayList<>();
    List<String> details = new ArrayList<>();
    int nameWidth = 4;
    int detailWidth = 0;
    for (Row row : rows) {
      String name = row.prefix + row.span.name();
      if (name.length() > MAX_NAME_WIDTH) {
        name = name.substring(0, MAX_NAME_WIDTH - 1) + "…";
      }
      names.add(name);
      nameWidth = Math.max(nameWidth, name.length());
      String d = details(row.span);
      details.add(d);
      detailWidth = Math.max(detailWidth, d.length());
    }
    int fixed = 9 + 2 + 10 + 2 + nameWidth + 2 + 2;
    int barWidth = Math.max(MIN_BAR, lineWidth - fixed - (detailWidth == 0 ? 0 : detailWidth + 2));
    // Long details would squeeze the bar to nothing; then the bar keeps a third of the line and details overflow.
    barWidth = Math.max(barWidth, Math.min(lineWidth - fixed, lineWidth / 3));
    StringBuilder header = new StringBuilder();
    header.append(pad("OFFSET", 9, true)).append("  ").append(pad("DURATION", 10, true)).append("  ");
    header.append(pad("SPAN", nameWidth, false)).append("  ").append(pad("TIMELINE", barWidth + 2, false));
    if (detailWidth > 0) {
      header.append("  DETAILS");
    }
    out.println(terminal.colour(1, header.toString().replaceAll(" +$", "")));
    long start = trace.startEpochNanos();
    long total = Math.max(1, trace.durationNanos());
    for (int i = 0; i < rows.size(); i++) {
      StoredSpan span = rows.get(i).span;
      StringBuilder line = new StringBuilder();
      line.append(pad("+" + TracesCommand.duration(span.startEpochNanos() - start), 9, true)).append("  ");
      line.append(pad(TracesCommand.duration(span.durationNanos()), 10, true)).append("  ");
      line.append(pad(names.get(i), nameWidth, false)).append("  ");
      line.append('|').append(terminal.colour(colourOf(span), bar(span, start, total, barWidth))).append('|');
      if (!details.get(i).isEmpty()) {
        String d = details.get(i);
        line.append("  ").append(span.statusCode() == StatusCode.ERROR ? terminal.colour(31, d) : d);
      }
      out.println(line);
    }
  }

  /** Spaces, then the span's share of the trace as block characters: at least one, so short spans stay visible. */
  static String bar(StoredSpan span, long traceStart, long traceNanos, int width) {
    int from = (int) Math.min(width - 1, (span.startEpochNanos() - traceStart) * width / traceNanos);
    int to = (int) Math.min(width, divideUp((span.endEpochNanos() - traceStart) * width, traceNanos));
    to = Math.max(to, from + 1);
    StringBuilder b = new StringBuilder(width);
    for (int i = 0; i < width; i++) {
      b.append(i >= from && i < to ? '█' : ' ');
    }
    return b.toString();
  }

  private static long divideUp(long a, long b) {
    return (a + b - 1) / b;
  }

  private static int colourOf(StoredSpan span) {
    if (span.statusCode() == StatusCode.ERROR) {
      return 31;
    }
    Object category = span.attribute("clude.category");
    Object operation = span.attribute("gen_ai.operation.name");
    switch (TraceDigest.categoryBit(span.name(), category == null ? null : category.toString(), operation == null ? null : operation.toString())) {
      case TraceDigest.TASK:
        return 32;
      case TraceDigest.LLM:
        return 35;
      case TraceDigest.TOOL:
        return 36;
      case TraceDigest.FILE:
        return 33;
      default:
        return 2;
    }
  }

  /** The key attributes: model, tokens, tool name, file path and bytes, error. */
  static String details(StoredSpan span) {
    List<String> parts = new ArrayList<>();
    Object model = span.attribute("gen_ai.request.model");
    if (model == null) {
      model = span.attribute("gen_ai.response.model");
    }
    if (model != null) {
      parts.add("model=" + model);
    }
    Object in = span.attribute("gen_ai.usage.input_tokens");
    Object out = span.attribute("gen_ai.usage.output_tokens");
    if (in != null || out != null) {
      parts.add("tokens=" + (in == null ? "?" : in) + "/" + (out == null ? "?" : out));
    }
    Object tool = span.attribute("gen_ai.tool.name");
    if (tool != null) {
      parts.add("tool=" + tool);
    }
    Object path = span.attribute("file.path");
    if (path != null) {
      parts.add("file=" + path);
    }
    for (Map.Entry<String, Object> a : span.attributes().entrySet()) {
      if (a.getKey().startsWith("file.") && a.getKey().endsWith("bytes")) {
        parts.add("bytes=" + a.getValue());
      }
    }
    Object errorType = span.attribute("error.type");
    if (errorType != null) {
      parts.add("error=" + errorType);
    }
    if (span.statusCode() == StatusCode.ERROR && !span.statusMessage().isEmpty()) {
      parts.add("'" + span.statusMessage() + "'");
    } else if (span.statusCode() == StatusCode.ERROR && errorType == null) {
      parts.add("ERROR");
    }
    return String.join(" ", parts);
  }

  private static String pad(String text, int width, boolean right) {
    StringBuilder b = new StringBuilder(width);
    if (right) {
      TracesListCommand.repeat(b, ' ', width - text.length());
      return b.append(text).toString();
    }
    b.append(text);
    TracesListCommand.repeat(b, ' ', width - text.length());
    return b.toString();
  }

  private void printJson(StoredTrace trace, List<Row> rows) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode o = mapper.createObjectNode();
    o.put("traceId", trace.traceId());
    o.put("start", Instant.ofEpochSecond(0, trace.startEpochNanos()).toString());
    o.put("durationNanos", trace.durationNanos());
    ArrayNode spans = o.putArray("spans");
    for (Row row : rows) {
      StoredSpan s = row.span;
      ObjectNode n = spans.addObject();
      n.put("spanId", s.spanId());
      n.put("parentSpanId", s.parentSpanId());
      n.put("name", s.name());
      n.put("depth", row.depth);
      n.put("offsetNanos", s.startEpochNanos() - trace.startEpochNanos());
      n.put("durationNanos", s.durationNanos());
      n.put("status", s.statusCode().name());
      if (!s.statusMessage().isEmpty()) {
        n.put("statusMessage", s.statusMessage());
      }
      n.set("attributes", mapper.valueToTree(s.attributes()));
    }
    out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(o));
  }
}
