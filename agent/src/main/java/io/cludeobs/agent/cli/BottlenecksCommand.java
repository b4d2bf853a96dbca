package io.cludeobs.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cludeobs.agent.analysis.BottleneckDetector;
import io.cludeobs.agent.analysis.Finding;
import io.cludeobs.agent.analysis.Thresholds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clude-obs bottlenecks}: the bottleneck findings of a recent time range, most severe first. */
@Command(
    name = "bottlenecks",
    description = {
      "Finds bottlenecks in the traces and profiles of a time range: slow or failing calls (thresholds), rising"
          + " latency, error rate or tokens (trends), outlier calls (anomalies), repeated file reads, sequential"
          + " tool calls, LLM wait, growing context, CPU and GC saturation; each with evidence and a suggestion.",
      "Exit codes: 0 no findings, 3 findings printed, 1 no data or unreadable files, 2 bad arguments."
    })
final class BottlenecksCommand extends StoreCommand {

  static final int FOUND = 3;
  static final String[] TARGETS = {"task", "llm", "tool", "span", "file"};

  @Option(names = "--last", paramLabel = "<duration>", defaultValue = "1h", description = "Look at this much recent time, e.g. 30m, 1h, 7d. Default: ${DEFAULT-VALUE}")
  String last;

  @Option(
      names = "--threshold",
      paramLabel = "<category[:name]=duration>",
      description = "Latency limit for the 95th percentile, per category or one name, e.g. tool=5s or tool:grep=500ms; repeatable.")
  List<String> thresholds = new ArrayList<>();

  @Override
  int execute() throws Exception {
    Instant until = Instant.now();
    Instant from = until.minus(CliDuration.parse("--last", last));
    Thresholds limits = Thresholds.defaults();
    for (String t : thresholds) {
      limits = withThreshold(limits, t);
    }
    List<Finding> findings = BottleneckDetector.detect(existingDataDir(), from, until, limits);
    if (json) {
      printJson(findings);
    } else {
      printText(findings);
    }
    err.println(findings.size() + " findings in the last " + last + " under " + dataDir);
    return findings.isEmpty() ? 0 : FOUND;
  }

  static Thresholds withThreshold(Thresholds limits, String text) throws CliFailure {
    int eq = text.indexOf('=');
    String target = eq < 0 ? "" : text.substring(0, eq).trim();
    String category = target.contains(":") ? target.substring(0, target.indexOf(':')) : target;
    boolean known = false;
    for (String c : TARGETS) {
      known |= c.equals(category);
    }
    if (!known || target.endsWith(":")) {
      throw new CliFailure(
          CliFailure.USAGE,
          "--threshold '" + text + "' does not name a category; use <category>[:<name>]=<duration> with category"
              + " task, llm, tool, span or file, e.g. tool:grep=2s");
    }
    Duration limit = CliDuration.parse("--threshold " + target, text.substring(eq + 1));
    return limits.with(target, limit);
  }

  private void printText(List<Finding> findings) {
    if (findings.isEmpty()) {
      out.println("no bottlenecks found");
      return;
    }
    for (Finding f : findings) {
      out.println(f.severity() + " [" + f.detector() + "] " + f.title());
      StringBuilder evidence = new StringBuilder();
      for (Map.Entry<String, String> e : f.evidence().entrySet()) {
        if (evidence.length() > 0) {
          evidence.append(", ");
        }
        evidence.append(e.getKey()).append(": ").append(e.getValue());
      }
      out.println("  evidence: " + evidence);
      if (!f.exampleTraceIds().isEmpty()) {
        out.println("  traces: " + String.join(" ", f.exampleTraceIds()));
      }
      out.println("  suggestion: " + f.suggestion());
      out.println();
    }
  }

  private void printJson(List<Finding> findings) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ArrayNode array = mapper.createArrayNode();
    for (Finding f : findings) {
      ObjectNode node = array.addObject();
      node.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
      node.put("detector", f.detector());
      node.put("title", f.title());
      ObjectNode evidence = node.putObject("evidence");
      for (Map.Entry<String, String> e : f.evidence().entrySet()) {
        evidence.put(e.getKey(), e.getValue());
      }
      ArrayNode ids = node.putArray("exampleTraceIds");
      for (String id : f.exampleTraceIds()) {
        ids.add(id);
      }
      node.put("suggestion", f.suggestion());
    }
    out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
  }
}
