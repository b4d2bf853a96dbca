package com.acme.async;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A plain thread fed through a queue, started before any trace: not an executor, so nothing the
 * agent does carries a context to it. It completes futures that stages wait on.
 */
final class Completer {

  private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

  Completer() {
    Thread thread =
        new Thread(
            () -> {
              while (true) {
                try {
                  queue.take().run();
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "completer");
    thread.setDaemon(true);
    thread.start();
  }

  void later(Runnable action) {
    queue.add(action);
  }
}
