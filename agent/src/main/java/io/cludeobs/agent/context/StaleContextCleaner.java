package io.cludeobs.agent.context;

import io.cludeobs.bootstrap.context.WeakIdentityMap;

/**
 * A daemon thread that frees the map entries of fork/join tasks, completion stages and threads
 * that were collected without running; without it they would wait for the next map access.
 */
public final class StaleContextCleaner implements Runnable {

  private StaleContextCleaner() {}

  /** Starts the cleaner thread. */
  public static void start() {
    Thread thread = new Thread(new StaleContextCleaner(), "clude-obs-context-cleaner");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void run() {
    while (true) {
      try {
        WeakIdentityMap.awaitAndDrainStale(60_000);
      } catch (InterruptedException e) {
        return;
      } catch (Throwable t) {
        // keep cleaning: a failure here must not leave entries to pile up
      }
    }
  }
}
