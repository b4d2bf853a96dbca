package com.acme.async;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/** A custom executor the agent has never heard of: one worker thread, started before any trace. */
final class QueueExecutor implements Executor {

  private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

  QueueExecutor() {
    Thread worker =
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
            "queue-executor");
    worker.setDaemon(true);
    worker.start();
  }

  @Override
  public void execute(Runnable command) {
    queue.add(command);
  }
}
