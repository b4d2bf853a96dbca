package io.cludeobs.agent.store;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** The agent's own cleanup: retention and size cap applied once, at start-up, on a daemon thread. */
public final class StoreRetention {

  private StoreRetention() {}

  /**
   * Starts a daemon thread that deletes store files older than {@code retentionDays} days, then the oldest until
   * the store holds at most {@code maxBytes} (0: no cap); returns the thread.
   *
   * @param log receives one line when something was deleted
   * @param problems receives one line when something could not be deleted
   */
  public static Thread startInBackground(
      Path dataDir, int retentionDays, long maxBytes, Consumer<String> log, Consumer<String> problems) {
    Thread thread =
        new Thread(() -> run(dataDir, retentionDays, maxBytes, log, problems), "clude-obs-retention");
    thread.setDaemon(true);
    // Deleting old files is the least urgent work in the process.
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
    return thread;
  }

  static void run(
      Path dataDir, int retentionDays, long maxBytes, Consumer<String> log, Consumer<String> problems) {
    try {
      StoreCleanup.Plan plan = StoreCleanup.plan(dataDir, Duration.ofDays(retentionDays), maxBytes, Instant.now());
      if (plan.doomed().isEmpty()) {
        return;
      }
      List<String> failures = StoreCleanup.apply(plan, StoreProgress.NONE);
      log.accept(
          "retention: deleted "
              + (plan.doomed().size() - failures.size())
              + " local store files ("
              + plan.freedBytes() / 1024
              + " KiB) older than metrics.retention_days="
              + retentionDays
              + " or over store.max_size_mb="
              + maxBytes / (1024 * 1024));
      if (!failures.isEmpty()) {
        problems.accept(
            "retention: could not delete "
                + failures.size()
                + " old local store files, e.g. "
                + failures.get(0)
                + "; check the permissions of clude.obs.data_dir");
      }
    } catch (Exception | Error e) {
      problems.accept("retention: could not clean " + dataDir + " (" + e + "); check clude.obs.data_dir permissions");
    }
  }
}
