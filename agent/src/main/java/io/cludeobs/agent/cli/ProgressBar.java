package io.cludeobs.agent.cli;

import io.cludeobs.agent.store.StoreProgress;
import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr, drawn only on a terminal and only once an operation has run for a moment, so
 * quick commands and pipes never see it.
 */
final class ProgressBar implements StoreProgress {

  private static final long SHOW_AFTER_NANOS = 300_000_000L;
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int BAR = 30;

  private final PrintWriter err;
  private final String label;
  private final boolean enabled;
  private final long started = System.nanoTime();
  private long lastDrawn;
  private boolean drawn;

  ProgressBar(Terminal terminal, PrintWriter err, String label) {
    this.err = err;
    this.label = label;
    this.enabled = terminal.interactive();
  }

  @Override
  public void advance(long done, long total) {
    if (!enabled || total <= 0) {
      return;
    }
    long now = System.nanoTime();
    if (now - started < SHOW_AFTER_NANOS || (drawn && now - lastDrawn < REDRAW_NANOS)) {
      return;
    }
    int filled = (int) Math.min(BAR, done * BAR / total);
    StringBuilder line = new StringBuilder("\r").append(label).append(" [");
    for (int i = 0; i < BAR; i++) {
      line.append(i < filled ? '#' : ' ');
    }
    line.append("] ").append(Math.min(100, done * 100 / total)).append('%');
    err.print(line);
    err.flush();
    drawn = true;
    lastDrawn = now;
  }

  /** Clears the bar so that what follows starts on a clean line. */
  void finish() {
    if (drawn) {
      err.print("\r\u001b[2K");
      err.flush();
      drawn = false;
    }
  }
}
