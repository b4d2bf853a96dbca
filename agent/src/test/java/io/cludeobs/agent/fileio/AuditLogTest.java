package io.cludeobs.agent.fileio;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.store.AuditChain;
import io.cludeobs.agent.store.LocalStoreFiles;
import io.cludeobs.agent.store.LocalStoreFiles.Signal;
import io.cludeobs.agent.store.LocalStoreWriter;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

  private static final Instant T = Instant.parse("2026-01-02T03:04:05.123Z");
  private static final SpanContext SPAN =
      SpanContext.create(
          "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());

  @Test
  void writesOneChainedJsonLinePerEventUnderAudit(@TempDir Path dataDir) throws Exception {
    List<String> problems = new ArrayList<>();
    AuditLog log = AuditLog.create(dataDir, 1 << 20, problems::add, "session-1");
    log.record(T, SPAN, FileOperation.MOVE, "src/\"a\".txt", "dst\\b.txt", -1);
    log.record(T, SpanContext.getInvalid(), FileOperation.WRITE, null, null, 42);
    log.toolCall(T, "write_file", SPAN, 1_234_567, null);
    log.toolCall(T, "read_file", SpanContext.getInvalid(), 2_000, "java.io.UncheckedIOException");
    log.close();

    List<Path> files = LocalStoreFiles.list(dataDir, Signal.AUDIT);
    assertThat(files).hasSize(1);
    Path file = files.get(0);
    assertThat(file.getParent()).isEqualTo(dataDir.resolve("audit"));
    List<String> lines = Files.readAllLines(file);
    String genesis = AuditChain.genesis(file.getFileName().toString());
    assertThat(lines)
        .containsExactly(
            "{\"seq\":1,\"prev\":\"" + genesis + "\",\"timestamp\":\"2026-01-02T03:04:05.123Z\","
                + "\"trace_id\":\"0af7651916cd43dd8448eb211c80319c\","
                + "\"span_id\":\"b7ad6b7169203331\",\"session_id\":\"session-1\",\"event\":\"file.move\","
                + "\"path\":\"src/\\\"a\\\".txt\",\"target_path\":\"dst\\\\b.txt\",\"bytes\":null}",
            "{\"seq\":2,\"prev\":\"" + sha(lines.get(0)) + "\",\"timestamp\":\"2026-01-02T03:04:05.123Z\","
                + "\"trace_id\":null,\"span_id\":null,"
                + "\"session_id\":\"session-1\",\"event\":\"file.write\",\"path\":null,\"bytes\":42}",
            "{\"seq\":3,\"prev\":\"" + sha(lines.get(1)) + "\",\"timestamp\":\"2026-01-02T03:04:05.123Z\","
                + "\"trace_id\":\"0af7651916cd43dd8448eb211c80319c\",\"span_id\":\"b7ad6b7169203331\","
                + "\"session_id\":\"session-1\",\"event\":\"tool.call\",\"tool\":\"write_file\",\"status\":\"ok\","
                + "\"duration_ms\":1.235}",
            "{\"seq\":4,\"prev\":\"" + sha(lines.get(2)) + "\",\"timestamp\":\"2026-01-02T03:04:05.123Z\","
                + "\"trace_id\":null,\"span_id\":null,\"session_id\":\"session-1\",\"event\":\"tool.call\","
                + "\"tool\":\"read_file\",\"status\":\"error\",\"error_type\":\"java.io.UncheckedIOException\","
                + "\"duration_ms\":0.002}");
    assertThat(AuditChain.verify(file).ok()).isTrue();
    assertThat(problems).isEmpty();
  }

  @Test
  void aRotatedFileStartsItsOwnChain(@TempDir Path dataDir) throws Exception {
    // room for two events per file
    AuditLog log = AuditLog.create(dataDir, 500, line -> {}, "s");
    for (int i = 0; i < 5; i++) {
      log.toolCall(T, "tool" + i, SpanContext.getInvalid(), 1_000_000, null);
    }
    log.close();

    List<Path> files = LocalStoreFiles.list(dataDir, Signal.AUDIT);
    assertThat(files).hasSize(3);
    List<String> seqAndPrev = new ArrayList<>();
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f);
      String prev = AuditChain.genesis(f.getFileName().toString());
      for (String line : lines) {
        seqAndPrev.add(line.substring(0, line.indexOf(",\"prev\"")) + (line.contains("\"prev\":\"" + prev + "\"") ? " chained" : " broken"));
        prev = sha(line);
      }
      AuditChain.Verification v = AuditChain.verify(f);
      assertThat(v.ok()).isTrue();
    }
    // listed by name: the rotations .1 (events 3, 4) and .2 (event 5), then the first file (events 1, 2)
    assertThat(seqAndPrev)
        .containsExactly(
            "{\"seq\":1 chained", "{\"seq\":2 chained", "{\"seq\":1 chained", "{\"seq\":1 chained", "{\"seq\":2 chained");
    assertThat(Files.readAllLines(files.get(2)).get(0)).contains("\"tool\":\"tool0\"");
  }

  @Test
  void aSecondWriterOnTheSameFileContinuesTheChain(@TempDir Path dataDir) throws Exception {
    // a restart within the same second and pid reopens the same file name
    AuditLog first = new AuditLog(LocalStoreWriter.create(dataDir, Signal.AUDIT, 1 << 20, line -> {}, T), "s");
    first.toolCall(T, "a", SpanContext.getInvalid(), 1, null);
    first.close();
    AuditLog second = new AuditLog(LocalStoreWriter.create(dataDir, Signal.AUDIT, 1 << 20, line -> {}, T), "s");
    second.toolCall(T, "b", SpanContext.getInvalid(), 1, null);
    second.close();

    Path file = LocalStoreFiles.list(dataDir, Signal.AUDIT).get(0);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).startsWith("{\"seq\":2,\"prev\":\"" + sha(lines.get(0)) + "\",");
    assertThat(AuditChain.verify(file).ok()).isTrue();
  }

  @Test
  void concurrentWritersKeepOneUnbrokenChain(@TempDir Path dataDir) throws Exception {
    AuditLog log = AuditLog.create(dataDir, 1 << 20, line -> {}, "s");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < 4; t++) {
      int thread = t;
      pool.execute(
          () -> {
            try {
              start.await();
            } catch (InterruptedException e) {
              return;
            }
            for (int i = 0; i < 250; i++) {
              log.toolCall(T, "t" + thread, SpanContext.getInvalid(), i, null);
            }
          });
    }
    start.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    log.close();

    Path file = LocalStoreFiles.list(dataDir, Signal.AUDIT).get(0);
    AuditChain.Verification v = AuditChain.verify(file);
    assertThat(v.ok()).isTrue();
    assertThat(v.lines).isEqualTo(1000);
  }

  private static String sha(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return AuditChain.hash(bytes, bytes.length);
  }
}
