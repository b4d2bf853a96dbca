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
              log.toolCallEnded(System.nanoTime(), "t" + thread, SpanContext.getInvalid(), i, null);
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

  @Test
  void aToolCallFromTheHotPathIsWrittenWithItsEndAsTimestampInTimeOrder(@TempDir Path dataDir) throws Exception {
    AuditLog log = AuditLog.create(dataDir, 1 << 20, line -> {}, "s");
    long before = System.currentTimeMillis();
    long end = System.nanoTime();
    // published out of order, as two threads may: the later event first
    log.toolCallEnded(end + 5_000_000, "second", SPAN, 2_500_499, "java.lang.IllegalStateException");
    log.toolCallEnded(end, "first", SpanContext.getInvalid(), 999_500, null);
    long after = System.currentTimeMillis() + 5;
    assertThat(log.flush(java.time.Duration.ofSeconds(10))).isTrue();
    List<String> lines = Files.readAllLines(LocalStoreFiles.list(dataDir, Signal.AUDIT).get(0));
    log.close();

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .endsWith(
            "\"trace_id\":null,\"span_id\":null,\"session_id\":\"s\",\"event\":\"tool.call\",\"tool\":\"first\","
                + "\"status\":\"ok\",\"duration_ms\":1.000}");
    assertThat(lines.get(1))
        .endsWith(
            "\"trace_id\":\"0af7651916cd43dd8448eb211c80319c\",\"span_id\":\"b7ad6b7169203331\",\"session_id\":\"s\","
                + "\"event\":\"tool.call\",\"tool\":\"second\",\"status\":\"error\","
                + "\"error_type\":\"java.lang.IllegalStateException\",\"duration_ms\":2.500}");
    long first = Instant.parse(field(lines.get(0), "timestamp")).toEpochMilli();
    long second = Instant.parse(field(lines.get(1), "timestamp")).toEpochMilli();
    assertThat(first).isBetween(before - 1, after);
    assertThat(second - first).isBetween(4L, 6L);
  }

  @Test
  void aFullRingDropsAndSaysSoOnce(@TempDir Path dataDir) throws Exception {
    List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
    AuditLog log = AuditLog.create(dataDir, 1 << 24, problems::add, "s");
    // far more than the ring holds, faster than a 20 ms drain cycle takes them
    int calls = AuditLog.RING_CAPACITY * 4;
    for (int i = 0; i < calls; i++) {
      log.toolCallEnded(System.nanoTime(), "t", SpanContext.getInvalid(), i, null);
    }
    log.close();

    long written = Files.readAllLines(LocalStoreFiles.list(dataDir, Signal.AUDIT).get(0)).size();
    assertThat(log.dropped()).isPositive();
    assertThat(written + log.dropped()).isEqualTo(calls);
    assertThat(problems)
        .containsExactly(
            "audit log: events arrive faster than the disk takes them; dropping audit lines until it catches up"
                + " (is the disk under the data dir slow or full?)");
  }

  @Test
  void millisecondsHaveThreeDecimalsRoundedHalfUpAsPercentThreeF() {
    long[] samples = {0, 1, 499, 500, 1_499, 1_500, 999_499, 999_500, 1_234_567, 12_000_000_000L, 7_654_321_987L};
    for (long nanos : samples) {
      StringBuilder b = new StringBuilder();
      AuditLog.millis(b, nanos);
      assertThat(b.toString()).as("%d ns", nanos).isEqualTo(String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6));
    }
  }

  private static String field(String line, String name) {
    int start = line.indexOf("\"" + name + "\":\"") + name.length() + 4;
    return line.substring(start, line.indexOf('"', start));
  }

  private static String sha(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return AuditChain.hash(bytes, bytes.length);
  }
}
