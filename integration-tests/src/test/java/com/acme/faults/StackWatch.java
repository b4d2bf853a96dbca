package com.acme.faults;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Samples the stacks of the app's own threads (main and the workers) every millisecond and counts samples in which
 * one of them is inside the agent's export or network code: proof, without a clock, that no app thread waits on
 * export.
 */
final class StackWatch {

  static final String WORKER_PREFIX = "faults-app-worker-";

  // Export and network code: the relocated OTLP exporter, OkHttp, Okio and gRPC, the agent's span and metric
  // exporters, sockets, and the join on an export result. Not LocalStoreWriter as such: the file-I/O audit log
  // appends its hash-chained lines synchronously on the app thread by design.
  private static final String[] EXPORT_FRAMES = {
    "io.cludeobs.shaded.io.opentelemetry.exporter.",
    "io.cludeobs.shaded.okhttp3.",
    "io.cludeobs.shaded.okio.",
    "io.cludeobs.shaded.io.grpc.",
    "io.cludeobs.agent.sdk.Reporting",
    "io.cludeobs.agent.export.FileSpanExporter",
    "io.cludeobs.agent.export.FileMetricExporter",
    "java.net.Socket",
    "sun.nio.ch.Socket",
    "java.net.http.",
  };

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread sampler;
  private volatile long samples;
  private volatile long inExport;
  private volatile String firstOffence = "none";

  private StackWatch() {
    sampler = new Thread(this::sample, "faults-app-stack-watch");
    sampler.setDaemon(true);
  }

  static StackWatch start() {
    StackWatch watch = new StackWatch();
    watch.sampler.start();
    return watch;
  }

  void stop() throws InterruptedException {
    running.set(false);
    sampler.join();
  }

  String summary() {
    return "stack-samples " + samples + " in-export " + inExport + " first " + firstOffence;
  }

  private void sample() {
    while (running.get()) {
      for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
        String name = e.getKey().getName();
        if (!name.equals("main") && !name.startsWith(WORKER_PREFIX)) {
          continue;
        }
        samples++;
        for (StackTraceElement frame : e.getValue()) {
          if (isExport(frame)) {
            if (inExport++ == 0) {
              firstOffence = name + "@" + frame.getClassName() + "." + frame.getMethodName();
            }
            break;
          }
        }
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static boolean isExport(StackTraceElement frame) {
    String cls = frame.getClassName();
    for (String prefix : EXPORT_FRAMES) {
      if (cls.startsWith(prefix)) {
        return true;
      }
    }
    return cls.endsWith("CompletableResultCode") && frame.getMethodName().equals("join");
  }
}
