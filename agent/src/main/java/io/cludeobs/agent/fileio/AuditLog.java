package io.cludeobs.agent.fileio;

import io.cludeobs.agent.store.AuditChain;
import io.cludeobs.agent.store.LocalStoreFiles.Signal;
import io.cludeobs.agent.store.LocalStoreWriter;
import io.cludeobs.agent.tracing.ToolCallAudit;
import io.cludeobs.bootstrap.FileIo;
import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * The audit log: one JSON object per line under {@code data_dir/audit/}, for each finished tool call
 * and each file change made inside one. The path is shown per the path mode; contents are never
 * written. Lines are hash-chained per file (see {@link AuditChain}); one file series per process, as
 * the store keeps, and one lock per log, so lines and chain stay in step across threads.
 */
final class AuditLog implements ToolCallAudit {

  private final LocalStoreWriter writer;
  private final String sessionId;

  // guarded by this: where the chain stands after the last line written
  private Path chainFile;
  private String prevHash;
  private long nextSeq;
  // guarded by this: the line being written, adopted once the write succeeds
  private Path pendingFile;
  private String pendingHash;
  private long pendingSeq;

  AuditLog(LocalStoreWriter writer, String sessionId) {
    this.writer = writer;
    this.sessionId = sessionId;
  }

  static AuditLog create(java.nio.file.Path dataDir, long maxFileBytes, java.util.function.Consumer<String> problems,
      String sessionId) {
    return new AuditLog(LocalStoreWriter.create(dataDir, Signal.AUDIT, maxFileBytes, problems, Instant.now()), sessionId);
  }

  /**
   * Appends one event.
   *
   * @param context the span the change belongs to, or an invalid context outside traces
   * @param bytes bytes written, or a negative number when not known or not meaningful
   */
  void record(Instant time, SpanContext context, FileOperation op, String path, String targetPath, long bytes) {
    StringBuilder b = head(time, context, op.spanName);
    b.append(",\"path\":");
    string(b, path);
    if (targetPath != null) {
      b.append(",\"target_path\":");
      string(b, targetPath);
    }
    b.append(",\"bytes\":");
    if (bytes >= 0) {
      b.append(bytes);
    } else {
      b.append("null");
    }
    b.append('}');
    write(b);
  }

  /** Appends a {@code tool.call} event; called on the application's thread as each tool call returns. */
  @Override
  public void toolCallEnded(String toolName, SpanContext context, long durationNanos, String errorType) {
    toolCall(Instant.now(), toolName, context, durationNanos, errorType);
  }

  void toolCall(Instant time, String toolName, SpanContext context, long durationNanos, String errorType) {
    StringBuilder b = head(time, context, "tool.call");
    b.append(",\"tool\":");
    string(b, toolName);
    b.append(",\"status\":").append(errorType == null ? "\"ok\"" : "\"error\"");
    if (errorType != null) {
      b.append(",\"error_type\":");
      string(b, errorType);
    }
    b.append(",\"duration_ms\":").append(String.format(Locale.ROOT, "%.3f", durationNanos / 1e6));
    b.append('}');
    write(b);
  }

  /** Everything after {@code seq} and {@code prev}, up to and including the event name. */
  private StringBuilder head(Instant time, SpanContext context, String event) {
    StringBuilder b = new StringBuilder(256);
    b.append("\"timestamp\":");
    string(b, time.toString());
    b.append(",\"trace_id\":");
    string(b, context.isValid() ? context.getTraceId() : null);
    b.append(",\"span_id\":");
    string(b, context.isValid() ? context.getSpanId() : null);
    b.append(",\"session_id\":");
    string(b, sessionId);
    b.append(",\"event\":");
    string(b, event);
    return b;
  }

  private synchronized void write(StringBuilder body) {
    byte[] rest = body.toString().getBytes(StandardCharsets.UTF_8);
    // runs on application threads (tool calls end there): the agent's own writes are not the app's file I/O
    FileIo.suppress();
    try {
      if (writer.append((file, offset) -> chained(file, offset, rest))) {
        chainFile = pendingFile;
        prevHash = pendingHash;
        nextSeq = pendingSeq + 1;
      }
    } finally {
      FileIo.unsuppress();
    }
  }

  /** The line with its place in the chain of {@code file}, which may be new (rotation) or left by an earlier writer. */
  private byte[] chained(Path file, long offset, byte[] rest) throws IOException {
    String prev;
    long seq;
    if (file.equals(chainFile)) {
      prev = prevHash;
      seq = nextSeq;
    } else if (offset == 0) {
      prev = AuditChain.genesis(file.getFileName().toString());
      seq = 1;
    } else {
      AuditChain.Tail tail = AuditChain.tail(file);
      prev = tail.prev;
      seq = tail.nextSeq;
    }
    byte[] head = ("{\"seq\":" + seq + ",\"prev\":\"" + prev + "\",").getBytes(StandardCharsets.US_ASCII);
    byte[] line = new byte[head.length + rest.length];
    System.arraycopy(head, 0, line, 0, head.length);
    System.arraycopy(rest, 0, line, head.length, rest.length);
    pendingFile = file;
    pendingHash = AuditChain.hash(line, line.length);
    pendingSeq = seq;
    return line;
  }

  void close() {
    writer.close();
  }

  static void string(StringBuilder b, String s) {
    if (s == null) {
      b.append("null");
      return;
    }
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        default:
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    b.append('"');
  }
}
