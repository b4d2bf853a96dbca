package io.cludeobs.agent.sdk;

import io.cludeobs.agent.AgentLog;
import io.cludeobs.agent.config.AgentConfig;
import io.cludeobs.agent.export.ConsoleSpanExporter;
import io.cludeobs.agent.export.FileMetricExporter;
import io.cludeobs.agent.export.FileSpanExporter;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Instant;

/** The embedded exporters: the local store under {@code data_dir}, and the console. */
final class LocalStoreExporters {

  /** One start instant per process, so trace and metric files share a name stem. */
  private static final Instant PROCESS_START = Instant.now();

  private LocalStoreExporters() {}

  static SpanExporter spans(AgentConfig config) {
    return FileSpanExporter.create(config.dataDir(), config.storeMaxFileBytes(), LocalStoreExporters::problem, PROCESS_START);
  }

  static MetricExporter metrics(AgentConfig config) {
    return FileMetricExporter.create(config.dataDir(), config.storeMaxFileBytes(), LocalStoreExporters::problem, PROCESS_START);
  }

  /** Traces and metrics share the data dir: an unwritable one is one problem, reported once. */
  private static void problem(String line) {
    AgentLog.once("local-store", line);
  }

  static SpanExporter console() {
    return ConsoleSpanExporter.create();
  }
}
