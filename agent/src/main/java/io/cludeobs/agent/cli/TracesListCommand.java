package io.cludeobs.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cludeobs.agent.store.LocalStoreFiles;
import io.cludeobs.agent.store.TraceCatalog;
import io.cludeobs.agent.store.TraceDigest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clude-obs traces list}: one row per stored trace, newest first, with filters. */
@Command(
    name = "list",
    description = {
      "One row per trace, newest first: start, root span, duration, spans, LLM calls, tokens in/out, tool calls,"
          + " errors and trace id.",
      "Exit codes: 0 listed (maybe nothing matched), 1 no traces or unreadable files, 2 bad arguments."
    })
final class TracesListCommand extends StoreCommand {

  static final String[] CATEGORIES = {"task", "llm", "tool", "span", "file"};
  private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final int MAX_ROOT_WIDTH = 40;

  @Option(names = "--limit", paramLabel = "<n>", defaultValue = "20", description = "Show at most n traces. Default: ${DEFAULT-VALUE}")
  int limit;

  @Option(names = "--since", paramLabel = "<duration>", description = "Only traces that started within this long, e.g. 30m, 1h, 7d.")
  String since;

  @Option(names = "--status", paramLabel = "error|ok", description = "Only traces with (error) or without (ok) failed spans.")
  String status;

  @Option(names = "--min-duration", paramLabel = "<duration>", description = "Only traces lasting at least this long, e.g. 500ms, 2s.")
  String minDuration;

  @Option(
      names = "--name",
      paramLabel = "<glob>",
      description = "Only traces with a span whose name matches, '*' any text, '?' one character, e.g. 'execute_tool *'.")
  String name;

  @Option(
      names = "--category",
      paramLabel = "<category>",
      split = ",",
      description = "Only traces with a span of one of these categories: task, llm, tool, span, file.")
  List<String> categories = new ArrayList<>();

  @Override
  int execute() throws Exception {
    if (limit < 1) {
      throw new CliFailure(CliFailure.USAGE, "--limit " + limit + " is not a positive number; pass --limit 1 or more");
    }
    long now = System.currentTimeMillis() * 1_000_000L;
    long sinceNanos = since == null ? Long.MIN_VALUE : now - CliDuration.parse("--since", since).toNanos();
    long minNanos = minDuration == null ? 0 : CliDuration.parse("--min-duration", minDuration).toNanos();
    Boolean wantErrors = status == null ? null : parseStatus(status);
    int categoryBits = 0;
    for (String c : categories) {
      int bit = TraceDigest.categoryBit(c.trim());
      if (bit == 0) {
        throw new CliFailure(
            CliFailure.USAGE,
            "--category '" + c + "' is not a category; use one of " + String.join(", ", Arrays.asList(CATEGORIES)));
      }
      categoryBits |= bit;
    }
    Pattern glob = name == null ? null : glob(name);

    TraceCatalog catalog = read(this, null);
    List<TraceDigest> matched = new ArrayList<>();
    long totalSpans = 0;
    for (TraceDigest t : catalog.traces()) {
      totalSpans += t.spans();
      if (t.sortEpochNanos() < sinceNanos
          || t.durationNanos() < minNanos
          || (wantErrors != null && (t.errors() > 0) != wantErrors)
          || (categoryBits != 0 && !hasAny(t, categoryBits))
          || (glob != null && !anyNameMatches(t, glob))) {
        continue;
      }
      matched.add(t);
    }
    matched.sort(
        Comparator.comparingLong(TraceDigest::sortEpochNanos).reversed().thenComparing(TraceDigest::traceId));
    List<TraceDigest> shown = matched.subList(0, Math.min(limit, matched.size()));
    if (json) {
      printJson(shown);
    } else {
      printTable(shown);
    }
    err.println(
        shown.size()
            + " of "
            + matched.size()
            + " matching traces shown; "
            + catalog.traces().size()
            + " traces, "
            + totalSpans
            + " spans in "
            + catalog.files().size()
            + " trace files under "
            + dataDir);
    return reportSkipped(this, catalog);
  }

  /** Reads the catalog with a progress bar; no trace files at all is a failure with its own line. */
  static TraceCatalog read(StoreCommand command, String onlyTraceId) throws Exception {
    Path dir = command.existingDataDir();
    Path tracesDir = LocalStoreFiles.signalDir(dir, LocalStoreFiles.Signal.TRACES);
    ProgressBar bar = new ProgressBar(command.terminal, command.err, "reading traces");
    TraceCatalog catalog;
    try {
      catalog = TraceCatalog.read(dir, onlyTraceId, bar);
    } catch (java.io.IOException e) {
      throw new CliFailure(
          CliFailure.NO_DATA, "cannot list " + tracesDir + " (" + e.getClass().getSimpleName() + "); check its permissions");
    } finally {
      bar.finish();
    }
    if (catalog.files().isEmpty()) {
      throw new CliFailure(
          CliFailure.NO_DATA,
          "no trace files under "
              + tracesDir
              + "; run the app with -javaagent:clude-obs.jar first or point --data-dir at its clude.obs.data_dir");
    }
    if (catalog.traces().isEmpty() && catalog.unreadableFiles() > 0) {
      throw new CliFailure(
          CliFailure.NO_DATA,
          "cannot read any trace file under "
              + tracesDir
              + ", e.g. "
              + catalog.firstUnreadable()
              + "; check the files' permissions (the agent makes them owner-only)");
    }
    return catalog;
  }

  /** One note line for skipped data; returns the exit code: 1 when some files could not be read. */
  static int reportSkipped(StoreCommand command, TraceCatalog catalog) {
    if (catalog.skippedLines() > 0 || catalog.skippedSpans() > 0) {
      command.err.println(
          "note: skipped "
              + catalog.skippedLines()
              + " corrupt or half-written lines and "
              + catalog.skippedSpans()
              + " spans without ids");
    }
    if (catalog.unreadableFiles() > 0) {
      command.err.println(
          "clude-obs "
              + command.spec.name()
              + ": "
              + catalog.unreadableFiles()
              + " trace files could not be read, e.g. "
              + catalog.firstUnreadable()
              + "; check their permissions (the agent makes them owner-only)");
      return CliFailure.NO_DATA;
    }
    return 0;
  }

  private static Boolean parseStatus(String text) throws CliFailure {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if ("error".equals(s)) {
      return Boolean.TRUE;
    }
    if ("ok".equals(s)) {
      return Boolean.FALSE;
    }
    throw new CliFailure(CliFailure.USAGE, "--status '" + text + "' is not a status; use --status error or --status ok");
  }

  private static boolean hasAny(TraceDigest t, int bits) {
    for (int bit = 1; bit <= TraceDigest.FILE; bit <<= 1) {
      if ((bits & bit) != 0 && t.hasCategory(bit)) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyNameMatches(TraceDigest t, Pattern glob) {
    if (t.rootName() != null && glob.matcher(t.rootName()).matches()) {
      return true;
    }
    for (String n : t.names()) {
      if (glob.matcher(n).matches()) {
        return true;
      }
    }
    return false;
  }

  static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private void printTable(List<TraceDigest> traces) {
    String[] header = {"START", "ROOT", "DURATION", "SPANS", "LLM", "TOKENS IN/OUT", "TOOLS", "ERRORS", "TRACE ID"};
    boolean[] right = {false, false, true, true, true, true, true, true, false};
    List<String[]> rows = new ArrayList<>();
    for (TraceDigest t : traces) {
      rows.add(
          new String[] {
            START.format(Instant.ofEpochSecond(0, t.sortEpochNanos()).atZone(ZoneId.systemDefault())),
            root(t),
            TracesCommand.duration(t.durationNanos()),
            Long.toString(t.spans()),
            Long.toString(t.llmCalls()),
            t.inputTokens() + "/" + t.outputTokens(),
            Long.toString(t.toolCalls()),
            Long.toString(t.errors()),
            t.traceId()
          });
    }
    int[] widths = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      widths[i] = header[i].length();
      for (String[] row : rows) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    out.println(terminal.colour(1, line(header, widths, right)));
    for (String[] row : rows) {
      String text = line(row, widths, right);
      out.println(!"0".equals(row[7]) ? terminal.colour(31, text) : text);
    }
  }

  private static String root(TraceDigest t) {
    // A trace whose root span has not ended yet (or was not stored) is named after its earliest stored span.
    String name = t.rootName() != null ? t.rootName() : "(no root) " + t.names().iterator().next();
    return name.length() > MAX_ROOT_WIDTH ? name.substring(0, MAX_ROOT_WIDTH - 1) + "…" : name;
  }

  static String line(String[] cells, int[] widths, boolean[] right) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        b.append("  ");
      }
      String cell = cells[i];
      int pad = widths[i] - cell.length();
      if (right[i]) {
        repeat(b, ' ', pad);
        b.append(cell);
      } else {
        b.append(cell);
        if (i < cells.length - 1) {
          repeat(b, ' ', pad);
        }
      }
    }
    return b.toString();
  }

  static void repeat(StringBuilder b, char c, int n) {
    for (int i = 0; i < n; i++) {
      b.append(c);
    }
  }

  private void printJson(List<TraceDigest> traces) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ArrayNode array = mapper.createArrayNode();
    for (TraceDigest t : traces) {
      ObjectNode o = array.addObject();
      o.put("traceId", t.traceId());
      o.put("start", Instant.ofEpochSecond(0, t.sortEpochNanos()).toString());
      o.put("rootName", t.rootName());
      o.put("durationNanos", t.durationNanos());
      o.put("spans", t.spans());
      o.put("llmCalls", t.llmCalls());
      o.put("inputTokens", t.inputTokens());
      o.put("outputTokens", t.outputTokens());
      o.put("toolCalls", t.toolCalls());
      o.put("errors", t.errors());
      ArrayNode cats = o.putArray("categories");
      for (String c : CATEGORIES) {
        if (t.hasCategory(TraceDigest.categoryBit(c))) {
          cats.add(c);
        }
      }
    }
    out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
  }
}
