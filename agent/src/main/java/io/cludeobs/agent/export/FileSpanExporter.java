package io.cludeobs.agent.export;

import io.cludeobs.agent.store.LocalStoreFiles.Signal;
import io.cludeobs.agent.store.LocalStoreWriter;
import io.cludeobs.agent.store.TraceDigest;
import io.cludeobs.agent.store.TraceIndex;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes each export as one line holding an OTLP ExportTraceServiceRequest in OTLP-JSON, the format of the
 * OpenTelemetry Collector's file exporter, to {@code <data_dir>/traces/}, and a digest of each trace in it to the
 * file's index ({@link TraceIndex}).
 */
public final class FileSpanExporter implements SpanExporter {

  private static final AttributeKey<String> CATEGORY = AttributeKey.stringKey("clude.category");
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  private static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  private static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");

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
    // Marshal and digest outside the writer's lock; the line and its index rows then go out in one append.
    String indexRows = TraceIndex.rows(digests(spans));
    LineBuffer buffer = new LineBuffer();
    try {
      TraceRequestMarshaler.create(spans).writeJsonTo(buffer);
    } catch (IOException | RuntimeException e) {
      return CompletableResultCode.ofExceptionalFailure(e);
    }
    return writer.append(buffer.bytes(), 0, buffer.size(), indexRows)
        ? CompletableResultCode.ofSuccess()
        : CompletableResultCode.ofFailure();
  }

  static Collection<TraceDigest> digests(Collection<SpanData> spans) {
    Map<String, TraceDigest> byTrace = new LinkedHashMap<>();
    for (SpanData span : spans) {
      TraceDigest digest = byTrace.get(span.getTraceId());
      if (digest == null) {
        digest = new TraceDigest(span.getTraceId());
        byTrace.put(span.getTraceId(), digest);
      }
      SpanContext parent = span.getParentSpanContext();
      Attributes attributes = span.getAttributes();
      Long in = attributes.get(INPUT_TOKENS);
      Long out = attributes.get(OUTPUT_TOKENS);
      digest.addSpan(
          // a remote parent is in another process's files: here the span starts the stored tree
          !parent.isValid() || parent.isRemote(),
          span.getName(),
          span.getStartEpochNanos(),
          span.getEndEpochNanos(),
          span.getStatus().getStatusCode() == StatusCode.ERROR,
          TraceDigest.categoryBit(span.getName(), attributes.get(CATEGORY), attributes.get(OPERATION)),
          in == null ? 0 : in,
          out == null ? 0 : out);
    }
    return byTrace.values();
  }

  /** Avoids the copy that {@link ByteArrayOutputStream#toByteArray()} makes. */
  private static final class LineBuffer extends ByteArrayOutputStream {
    LineBuffer() {
      super(4096);
    }

    byte[] bytes() {
      return buf;
    }
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
