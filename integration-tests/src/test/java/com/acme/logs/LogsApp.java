package com.acme.logs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An app that logs through its own Logback (behind SLF4J, with an AsyncAppender) or Log4j2 and
 * prints {@code LOG|thread|trace_id|span_id|trace_flags|message} lines; it never mentions tracing.
 * {@code task} and {@code onWorker} are woven by the test's pointcuts.
 */
public final class LogsApp {

  private final AppLog log;
  private final ExecutorService pool = Executors.newFixedThreadPool(1, r -> new Thread(r, "acme-worker"));

  private LogsApp(AppLog log) {
    this.log = log;
  }

  public static void main(String[] args) throws Exception {
    AppLog log = args[0].equals("logback") ? new LogbackLog() : new Log4jLog();
    LogsApp app = new LogsApp(log);
    log.info("before the task");
    app.task();
    log.info("after the task");
    app.pool.shutdown();
    log.stop();
  }

  /** The task: logs on its own thread, then on a pool thread inside and outside a span of its own. */
  public void task() throws Exception {
    log.info("in the task");
    pool.submit(this::onWorker).get();
    pool.submit(() -> log.info("on the worker outside a span")).get();
  }

  public void onWorker() {
    log.info("on the worker in a span");
  }

  /** The app's logging, whichever backend. */
  interface AppLog {
    void info(String message);

    /** Flushes and stops (the async appender's queue too). */
    void stop();
  }
}
