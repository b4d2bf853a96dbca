package io.cludeobs.agent.export;

import io.cludeobs.agent.store.LocalStoreFiles.Signal;
import io.cludeobs.agent.store.LocalStoreWriter;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes each export as one line holding an OTLP ExportTraceServiceRequest in OTLP-JSON, the format of the
 * OpenTelemetry Collector's file exporter, to {@code <data_dir>/traces/}.
 */
public final class FileSpanExporter implements SpanExporter {

  private final LocalStoreWriter writer;

  private FileSpanExporter(LocalStoreWriter writer) {
    this.writer = writer;
  }

  /**
   * An exporter for this process's trace files.
   *
   * @param maxFileBytes size at which the file is rotated
   * @param problems receives one line if the data dir is not writable; the exporter then drops spans
   */
  public static FileSpanExporter create(
      Path dataDir, long maxFileBytes, Consumer<String> problems, Instant processStart) {
    return new FileSpanExporter(
        LocalStoreWriter.create(dataDir, Signal.TRACES, maxFileBytes, problems, processStart));
  }

  /** An exporter writing through {@code writer}, which it closes on shutdown. */
  public static FileSpanExporter create(LocalStoreWriter writer) {
    return new FileSpanExporter(Objects.requireNonNull(writer, "writer"));
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    if (spans.isEmpty()) {
      return CompletableResultCode.ofSuccess();
    }
    return OtlpJsonLine.write(TraceRequestMarshaler.create(spans), writer);
  }

  /** Nothing to do: every export is written and flushed before {@link #export} returns. */
  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    writer.close();
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "FileSpanExporter{" + writer.currentFile() + "}";
  }
}
