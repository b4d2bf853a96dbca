package io.cludeobs.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cludeobs.agent.store.StoreCleanup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clude-obs cleanup}: deletes local store files older than a retention, then oldest first to a size cap. */
@Command(
    name = "cleanup",
    description = {
      "Deletes trace and metric files of the local store last written longer ago than --retention, then, oldest"
          + " first, until the store fits --max-size-mb. Files written in the last minute are kept: an app may"
          + " still be writing them.",
      "Exit codes: 0 done (maybe nothing to delete), 1 missing data dir or files that could not be deleted,"
          + " 2 bad arguments."
    })
final class CleanupCommand extends StoreCommand {

  private static final DateTimeFormatter MODIFIED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  @Option(
      names = "--retention",
      paramLabel = "<duration>",
      defaultValue = "7d",
      description = "Keep files written within this long: a number and s, m, h or d, e.g. 12h, 7d. Default: ${DEFAULT-VALUE}")
  String retention;

  @Option(
      names = "--max-size-mb",
      paramLabel = "<mb>",
      defaultValue = "0",
      description = "Then delete the oldest files until the store holds at most this many MiB; 0 for no cap. Default: ${DEFAULT-VALUE}")
  long maxSizeMb;

  @Option(names = "--dry-run", description = "List what would be deleted, delete nothing.")
  boolean dryRun;

  @Override
  int execute() throws Exception {
    Duration keep = CliDuration.parse("--retention", retention);
    if (maxSizeMb < 0) {
      throw new CliFailure(CliFailure.USAGE, "--max-size-mb " + maxSizeMb + " is negative; pass 0 for no cap or a size in MiB");
    }
    Path dir = existingDataDir();
    StoreCleanup.Plan plan = StoreCleanup.plan(dir, keep, maxSizeMb * 1024 * 1024, Instant.now());
    List<String> failures = Collections.emptyList();
    if (!dryRun) {
      ProgressBar bar = new ProgressBar(terminal, err, "deleting");
      try {
        failures = StoreCleanup.apply(plan, bar);
      } finally {
        bar.finish();
      }
    }
    if (json) {
      printJson(dir, plan, failures);
    } else {
      printText(dir, plan);
    }
    if (!failures.isEmpty()) {
      err.println(
          "clude-obs cleanup: could not delete "
              + failures.size()
              + " files, e.g. "
              + failures.get(0)
              + "; check the data dir's permissions");
      return CliFailure.NO_DATA;
    }
    return 0;
  }

  private void printText(Path dir, StoreCleanup.Plan plan) {
    String verb = dryRun ? "would delete" : "deleted";
    for (StoreCleanup.Doomed d : plan.doomed()) {
      Path first = d.paths().get(0);
      out.println(
          verb
              + "  "
              + dir.relativize(first)
              + (d.paths().size() > 1 ? " (+ index)" : "")
              + "  "
              + size(d.bytes())
              + "  last written "
              + MODIFIED.format(d.modified().atZone(ZoneId.systemDefault()))
              + "  "
              + (d.reason() == StoreCleanup.Reason.AGE ? "older than " + retention : "over " + maxSizeMb + " MiB"));
    }
    int n = plan.doomed().size();
    out.println(
        (n == 0 ? "nothing to delete" : verb + " " + n + (n == 1 ? " file, " : " files, ") + size(plan.freedBytes()))
            + "; kept "
            + plan.keptFiles()
            + (plan.keptFiles() == 1 ? " file, " : " files, ")
            + size(plan.keptBytes())
            + " under "
            + dir);
  }

  static String size(long bytes) {
    if (bytes >= 1024L * 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
    if (bytes >= 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return bytes + " B";
  }

  private void printJson(Path dir, StoreCleanup.Plan plan, List<String> failures) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode o = mapper.createObjectNode();
    o.put("dataDir", dir.toString());
    o.put("dryRun", dryRun);
    o.put("retention", retention);
    o.put("maxSizeMb", maxSizeMb);
    ArrayNode deleted = o.putArray(dryRun ? "wouldDelete" : "deleted");
    for (StoreCleanup.Doomed d : plan.doomed()) {
      ObjectNode n = deleted.addObject();
      ArrayNode paths = n.putArray("paths");
      for (Path p : d.paths()) {
        paths.add(dir.relativize(p).toString());
      }
      n.put("bytes", d.bytes());
      n.put("lastWritten", d.modified().toString());
      n.put("reason", d.reason().name().toLowerCase(Locale.ROOT));
    }
    o.put("freedBytes", plan.freedBytes());
    o.put("keptFiles", plan.keptFiles());
    o.put("keptBytes", plan.keptBytes());
    ArrayNode failed = o.putArray("failures");
    for (String f : failures) {
      failed.add(f);
    }
    out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(o));
  }
}
