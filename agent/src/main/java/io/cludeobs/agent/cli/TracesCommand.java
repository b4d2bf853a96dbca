package io.cludeobs.agent.cli;

import io.cludeobs.agent.store.LocalStoreFiles;
import io.cludeobs.agent.store.LocalStoreFiles.Signal;
import io.cludeobs.agent.store.LocalStoreReader;
import io.cludeobs.agent.store.StoredSpan;
import io.cludeobs.agent.store.StoredTrace;
import io.opentelemetry.api.trace.StatusCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clude-obs traces}: commands that read traces from the local store. */
@Command(
    name = "traces",
    description = "Show traces from the local store.",
    subcommands = {TracesListCommand.class, TracesShowCommand.class, TracesCommand.Tree.class})
public final class TracesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  // Help only: the version option belongs to the root command.
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  /** Without a subcommand there is nothing to do: print usage and signal a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** {@code clude-obs traces tree}: prints traces as indented span trees. */
  @Command(
      name = "tree",
      description = "Print the newest traces (or one by id) as span trees with durations and GenAI details.")
  static final class Tree implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(
        names = "--data-dir",
        paramLabel = "<dir>",
        defaultValue = "${sys:user.home}/.clude-obs",
        description = "Local store to read (clude.obs.data_dir of the app). Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--trace-id", paramLabel = "<id>", description = "Show only this trace (32 hex digits).")
    String traceId;

    @Option(
        names = "--last",
        paramLabel = "<n>",
        defaultValue = "1",
        description = "Show the newest n traces by root start time. Default: ${DEFAULT-VALUE}")
    int last;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (last < 1) {
        err.println("--last " + last + " is not a positive number; pass --last 1 or more");
        return 2;
      }
      Path tracesDir = LocalStoreFiles.signalDir(dataDir, Signal.TRACES);
      LocalStoreReader reader = LocalStoreReader.create(dataDir);
      List<StoredTrace> traces;
      try {
        if (reader.traceFiles().isEmpty()) {
          err.println(
              "no trace files under "
                  + tracesDir
                  + "; run the app with -javaagent:clude-obs.jar first or point --data-dir at its"
                  + " clude.obs.data_dir");
          return 1;
        }
        traces = reader.readTraces();
      } catch (IOException e) {
        err.println("cannot list " + tracesDir + " (" + e + "); check --data-dir and its permissions");
        return 1;
      }
      if (reader.skippedLines() > 0 || reader.skippedSpans() > 0 || reader.unreadableFiles() > 0) {
        err.println(
            "note: skipped "
                + reader.skippedLines()
                + " unreadable lines, "
                + reader.skippedSpans()
                + " spans without ids and "
                + reader.unreadableFiles()
                + " unreadable files under "
                + tracesDir);
      }
      if (traces.isEmpty()) {
        err.println("no readable spans under " + tracesDir + "; the files hold no trace data yet");
        return 1;
      }
      List<StoredTrace> shown = select(traces);
      if (shown.isEmpty()) {
        err.println(
            "trace "
                + traceId
                + " not found under "
                + tracesDir
                + " ("
                + traces.size()
                + " traces stored); check the id or leave out --trace-id to see the newest");
        return 1;
      }
      for (int i = 0; i < shown.size(); i++) {
        if (i > 0) {
          out.println();
        }
        print(shown.get(i), out);
      }
      out.flush();
      return 0;
    }

    private List<StoredTrace> select(List<StoredTrace> newestFirst) {
      if (traceId != null) {
        String wanted = traceId.trim().toLowerCase(Locale.ROOT);
        List<StoredTrace> match = new ArrayList<>();
        for (StoredTrace trace : newestFirst) {
          if (trace.traceId().equals(wanted)) {
            match.add(trace);
          }
        }
        return match;
      }
      return newestFirst.subList(0, Math.min(last, newestFirst.size()));
    }
  }

  static void print(StoredTrace trace, PrintWriter out) {
    int count = trace.spans().size();
    out.println(
        "trace "
            + trace.traceId()
            + "  "
            + count
            + (count == 1 ? " span  " : " spans  ")
            + duration(trace.durationNanos()));
    Set<String> printed = new HashSet<>();
    for (StoredSpan root : trace.roots()) {
      out.println(describe(root));
      printed.add(root.spanId());
      printChildren(trace, root, "", out, printed);
    }
  }

  private static void printChildren(
      StoredTrace trace, StoredSpan parent, String indent, PrintWriter out, Set<String> printed) {
    List<StoredSpan> children = trace.children(parent);
    for (int i = 0; i < children.size(); i++) {
      StoredSpan child = children.get(i);
      // Guards against repeated span ids in corrupt data, which would otherwise loop forever.
      if (!printed.add(child.spanId())) {
        continue;
      }
      boolean lastChild = i == children.size() - 1;
      out.println(indent + (lastChild ? "└─ " : "├─ ") + describe(child));
      printChildren(trace, child, indent + (lastChild ? "   " : "│  "), out, printed);
    }
  }

  static String describe(StoredSpan span) {
    StringBuilder line = new StringBuilder(span.name()).append("  ").append(duration(span.durationNanos()));
    List<String> details = new ArrayList<>();
    Object model = span.attribute("gen_ai.request.model");
    if (model != null) {
      details.add("model=" + model);
    }
    Object in = span.attribute("gen_ai.usage.input_tokens");
    Object out = span.attribute("gen_ai.usage.output_tokens");
    if (in != null || out != null) {
      details.add(
          "tokens" + (in == null ? "" : " in=" + in) + (out == null ? "" : " out=" + out));
    }
    Object tool = span.attribute("gen_ai.tool.name");
    // "execute_tool read_file" already names the tool; repeat it only when the span name does not.
    if (tool != null && !span.name().endsWith(" " + tool) && !span.name().equals(String.valueOf(tool))) {
      details.add("tool=" + tool);
    }
    Object errorType = span.attribute("error.type");
    if (errorType != null) {
      details.add("error.type=" + errorType);
    }
    if (span.statusCode() == StatusCode.ERROR) {
      details.add(span.statusMessage().isEmpty() ? "ERROR" : "ERROR '" + span.statusMessage() + "'");
    }
    if (!details.isEmpty()) {
      line.append("  ").append(String.join(" ", details));
    }
    return line.toString();
  }

  static String duration(long nanos) {
    if (nanos >= 1_000_000_000L) {
      return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }
    if (nanos >= 1_000_000L) {
      return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
  }
}
