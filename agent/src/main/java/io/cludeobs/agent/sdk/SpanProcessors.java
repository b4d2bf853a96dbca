package io.cludeobs.agent.sdk;

import io.cludeobs.agent.AgentLog;
import io.cludeobs.agent.config.AgentConfig;
import io.cludeobs.agent.export.BatchingSpanProcessor;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.List;

/** The span pipeline: one batching processor in front of all configured exporters, plus its self-metrics. */
final class SpanProcessors {

  private final SpanProcessor processor;
  private final BatchingSpanProcessor batching;

  private SpanProcessors(SpanProcessor processor, BatchingSpanProcessor batching) {
    this.processor = processor;
    this.batching = batching;
  }

  static SpanProcessors create(AgentConfig config, List<SpanExporter> exporters, MeterProvider meters) {
    if (exporters.isEmpty()) {
      return new SpanProcessors(SpanProcessor.composite(), null);
    }
    BatchingSpanProcessor batching =
        BatchingSpanProcessor.builder(SpanExporter.composite(exporters))
            .batchSize(config.batchSize())
            .queueSize(config.queueSize())
            .exportInterval(config.exportInterval())
            .log(AgentLog::info)
            .build();
    meters
        .get(Telemetry.INSTRUMENTATION_SCOPE)
        .counterBuilder("clude.obs.spans.dropped")
        .setDescription("Spans dropped because the export queue was full.")
        .setUnit("{span}")
        .buildWithCallback(m -> m.record(batching.droppedSpans()));
    meters
        .get(Telemetry.INSTRUMENTATION_SCOPE)
        .counterBuilder("clude.obs.spans.exported")
        .setDescription("Spans handed to the exporters.")
        .setUnit("{span}")
        .buildWithCallback(m -> m.record(batching.exportedSpans()));
    meters
        .get(Telemetry.INSTRUMENTATION_SCOPE)
        .counterBuilder("clude.obs.spans.failed")
        .setDescription("Spans whose export failed or timed out, or that were still queued when exit gave up.")
        .setUnit("{span}")
        .buildWithCallback(m -> m.record(batching.failedSpans()));
    return new SpanProcessors(batching, batching);
  }

  SpanProcessor processor() {
    return processor;
  }

  void shutdown(Duration limit) {
    if (batching != null && !batching.shutdown(limit)) {
      // the exit has been reported (exports failed, or the exit line said what is lost): exports the
      // exit cut short must not add a second line
      ExportFailureReporter.silence();
    }
  }
}
