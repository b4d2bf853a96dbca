package io.cludeobs.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cludeobs.agent.store.AuditChain;
import io.cludeobs.agent.store.LocalStoreFiles;
import io.cludeobs.agent.store.LocalStoreFiles.Signal;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clude-obs audit}: the audit log of tool calls and file changes, and its hash-chain check. */
@Command(
    name = "audit",
    description = "Show or verify the audit log of tool calls and file changes.",
    subcommands = {AuditCommand.ListEvents.class, AuditCommand.Verify.class})
public final class AuditCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  /** Without a subcommand there is nothing to do: print usage and signal a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CliFailure.USAGE;
  }

  static List<Path> auditFiles(Path dataDir) throws Exception {
    List<Path> files = LocalStoreFiles.list(dataDir, Signal.AUDIT);
    if (files.isEmpty()) {
      throw new CliFailure(
          CliFailure.NO_DATA,
          "no audit files under "
              + LocalStoreFiles.signalDir(dataDir, Signal.AUDIT)
              + "; the agent writes them for tool calls while clude.obs.instrumentation.file-io.enabled is true,"
              + " or point --data-dir at the app's clude.obs.data_dir");
    }
    return files;
  }

  /** {@code clude-obs audit list}: events newest first. */
  @Command(
      name = "list",
      description = {
        "Audit events newest first: time, event, tool or path, status or bytes, trace id.",
        "Exit codes: 0 listed (maybe nothing matched), 1 no audit files or unreadable files, 2 bad arguments."
      })
  static final class ListEvents extends StoreCommand {

    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    @Option(names = "--limit", paramLabel = "<n>", defaultValue = "50", description = "Show at most n events. Default: ${DEFAULT-VALUE}")
    int limit;

    @Option(names = "--since", paramLabel = "<duration>", description = "Only events within this long, e.g. 30m, 1h, 7d.")
    String since;

    @Option(
        names = "--event",
        paramLabel = "<event>",
        split = ",",
        description = "Only these events, e.g. tool.call, file.write; 'tool' or 'file' for all of a kind.")
    List<String> events = new ArrayList<>();

    @Override
    int execute() throws Exception {
      if (limit < 1) {
        throw new CliFailure(CliFailure.USAGE, "--limit " + limit + " is not a positive number; pass --limit 1 or more");
      }
      Instant sinceTime = since == null ? null : Instant.now().minus(CliDuration.parse("--since", since));
      ObjectMapper mapper = new ObjectMapper();
      List<Path> files = auditFiles(existingDataDir());
      List<ObjectNode> matching = new ArrayList<>();
      long total = 0;
      long skipped = 0;
      for (Path file : files) {
        long lineNumber = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          for (String line; (line = r.readLine()) != null; ) {
            lineNumber++;
            JsonNode node;
            try {
              node = mapper.readTree(line);
            } catch (Exception e) {
              node = null;
            }
            Instant time = node == null ? null : time(node.path("timestamp").asText(""));
            if (node == null || !node.isObject() || time == null) {
              skipped++;
              continue;
            }
            total++;
            if ((sinceTime != null && time.isBefore(sinceTime)) || !wanted(node.path("event").asText(""))) {
              continue;
            }
            ObjectNode event = (ObjectNode) node;
            event.put("file", file.getFileName().toString());
            event.put("line", lineNumber);
            matching.add(event);
          }
        }
      }
      // ISO-8601 instants in UTC sort as text; the file and line keep events of one instant in order
      matching.sort(
          Comparator.comparing((ObjectNode e) -> e.path("timestamp").asText())
              .thenComparing(e -> e.path("file").asText())
              .thenComparingLong(e -> e.path("line").asLong())
              .reversed());
      List<ObjectNode> shown = matching.subList(0, Math.min(limit, matching.size()));
      if (json) {
        ArrayNode array = mapper.createArrayNode();
        array.addAll(shown);
        out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
      } else {
        Table t = new Table("TIME", "EVENT", "TOOL / PATH", "RESULT", "TRACE ID");
        for (ObjectNode e : shown) {
          String event = e.path("event").asText();
          String subject;
          String result;
          if ("tool.call".equals(event)) {
            subject = text(e, "tool");
            result = text(e, "status") + " " + e.path("duration_ms").asText("?") + " ms";
            if (e.hasNonNull("error_type")) {
              result += " " + e.get("error_type").asText();
            }
          } else {
            subject = text(e, "path") + (e.hasNonNull("target_path") ? " -> " + e.get("target_path").asText() : "");
            result = e.hasNonNull("bytes") ? e.get("bytes").asLong() + " B" : "";
          }
          String time = TIME.format(time(e.path("timestamp").asText()));
          t.row(time, time, event, event, subject, subject, result, result, text(e, "trace_id"), text(e, "trace_id"));
        }
        t.print(out);
      }
      err.println(
          shown.size() + " of " + matching.size() + " matching events shown; " + total + " events in " + files.size()
              + " audit files" + (skipped > 0 ? ", " + skipped + " unreadable lines skipped" : ""));
      return 0;
    }

    private boolean wanted(String event) {
      if (events.isEmpty()) {
        return true;
      }
      for (String e : events) {
        String w = e.trim();
        if (event.equals(w) || event.startsWith(w + ".")) {
          return true;
        }
      }
      return false;
    }

    private static String text(JsonNode e, String field) {
      return e.hasNonNull(field) ? e.get(field).asText() : "-";
    }

    private static Instant time(String text) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }

  /** {@code clude-obs audit verify}: checks each file's hash chain. */
  @Command(
      name = "verify",
      description = {
        "Checks the hash chain of every audit file and names the first changed, missing or reordered line.",
        "A changed last line or lines cut from the end of a file cannot be detected.",
        "Exit codes: 0 intact, 1 a chain is broken or no audit files, 2 bad arguments."
      })
  static final class Verify extends StoreCommand {

    @Override
    int execute() throws Exception {
      List<Path> files = auditFiles(existingDataDir());
      ObjectMapper mapper = new ObjectMapper();
      ArrayNode results = mapper.createArrayNode();
      int broken = 0;
      long lines = 0;
      for (Path file : files) {
        AuditChain.Verification v = AuditChain.verify(file);
        lines += v.lines;
        String name = file.getFileName().toString();
        ObjectNode r = results.addObject();
        r.put("file", file.toString());
        r.put("lines", v.lines);
        r.put("ok", v.ok());
        if (!v.ok()) {
          broken++;
          r.put("line", v.brokenLine);
          r.put("problem", v.problem);
        }
        r.put("incomplete_last_line", v.incompleteLastLine);
        if (json) {
          continue;
        }
        if (v.ok()) {
          out.println(
              terminal.colour(32, "ok") + "      " + name + "  " + v.lines + (v.lines == 1 ? " line" : " lines")
                  + (v.incompleteLastLine ? " (and a half-written last line, as a crash leaves)" : ""));
        } else {
          out.println(terminal.colour(31, "BROKEN") + "  " + name + " line " + v.brokenLine + ": " + v.problem);
        }
      }
      if (json) {
        ObjectNode root = mapper.createObjectNode();
        root.put("ok", broken == 0);
        root.set("files", results);
        out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
      }
      if (broken > 0) {
        err.println(
            "audit log tampered: " + broken + " of " + files.size() + " files broken under "
                + LocalStoreFiles.signalDir(dataDir, Signal.AUDIT));
        return CliFailure.NO_DATA;
      }
      err.println("audit log intact: " + lines + " lines in " + files.size() + " files");
      return 0;
    }
  }
}
