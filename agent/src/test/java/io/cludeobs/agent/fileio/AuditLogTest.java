package io.cludeobs.agent.fileio;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.store.LocalStoreFiles;
import io.cludeobs.agent.store.LocalStoreFiles.Signal;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

  @Test
  void writesOneJsonLinePerEventUnderAudit(@TempDir Path dataDir) throws Exception {
    List<String> problems = new ArrayList<>();
    AuditLog log = AuditLog.create(dataDir, 1 << 20, problems::add, "session-1");
    SpanContext span =
        SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
    Instant t = Instant.parse("2026-01-02T03:04:05.123Z");
    log.record(t, span, FileOperation.MOVE, "src/\"a\".txt", "dst\\b.txt", -1);
    log.record(t, SpanContext.getInvalid(), FileOperation.WRITE, null, null, 42);
    log.close();

    List<Path> files = LocalStoreFiles.list(dataDir, Signal.AUDIT);
    assertThat(files).hasSize(1);
    assertThat(files.get(0).getParent()).isEqualTo(dataDir.resolve("audit"));
    assertThat(Files.readAllLines(files.get(0)))
        .containsExactly(
            "{\"timestamp\":\"2026-01-02T03:04:05.123Z\",\"trace_id\":\"0af7651916cd43dd8448eb211c80319c\","
                + "\"span_id\":\"b7ad6b7169203331\",\"session_id\":\"session-1\",\"event\":\"file.move\","
                + "\"path\":\"src/\\\"a\\\".txt\",\"target_path\":\"dst\\\\b.txt\",\"bytes\":null}",
            "{\"timestamp\":\"2026-01-02T03:04:05.123Z\",\"trace_id\":null,\"span_id\":null,"
                + "\"session_id\":\"session-1\",\"event\":\"file.write\",\"path\":null,\"bytes\":42}");
    assertThat(problems).isEmpty();
  }
}
