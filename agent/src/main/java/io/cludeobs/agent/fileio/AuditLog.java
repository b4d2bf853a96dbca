package io.cludeobs.agent.fileio;

import io.cludeobs.agent.store.LocalStoreFiles.Signal;
import io.cludeobs.agent.store.LocalStoreWriter;
import io.opentelemetry.api.trace.SpanContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The audit log: one JSON object per line under {@code data_dir/audit/}, for each file change made
 * inside a tool call. The path is shown per the path mode; contents are never written.
 */
final class AuditLog {

  private final LocalStoreWriter writer;
  private final String sessionId;

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
    StringBuilder b = new StringBuilder(192);
    b.append("{\"timestamp\":");
    string(b, time.toString());
    b.append(",\"trace_id\":");
    string(b, context.isValid() ? context.getTraceId() : null);
    b.append(",\"span_id\":");
    string(b, context.isValid() ? context.getSpanId() : null);
    b.append(",\"session_id\":");
    string(b, sessionId);
    b.append(",\"event\":");
    string(b, op.spanName);
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
    writer.append(b.toString().getBytes(StandardCharsets.UTF_8));
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
