package io.cludeobs.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.cludeobs.agent.store.LocalStoreFiles.Signal;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreWriterTest {

  private static final Instant START = Instant.parse("2025-03-04T05:06:07Z");

  @TempDir Path tmp;

  private final List<String> problems = new ArrayList<>();

  @Test
  void namesFilesAfterSignalStartAndPid() {
    assertThat(LocalStoreFiles.fileName(Signal.TRACES, START, 4242, 0))
        .isEqualTo("traces-20250304T050607-4242.jsonl");
    assertThat(LocalStoreFiles.fileName(Signal.METRICS, START, 4242, 2))
        .isEqualTo("metrics-20250304T050607-4242.2.jsonl");
  }

  @Test
  void appendsWholeLinesToTheProcessFile() throws Exception {
    Path dataDir = tmp.resolve("data");
    LocalStoreWriter writer = LocalStoreWriter.create(dataDir, Signal.TRACES, 1 << 20, problems::add, START, 7);

    assertThat(writer.append(bytes("{\"a\":1}"))).isTrue();
    assertThat(writer.append(bytes("{\"b\":2}"))).isTrue();
    writer.close();

    Path file = dataDir.resolve("traces/traces-20250304T050607-7.jsonl");
    assertThat(writer.currentFile()).isEqualTo(file);
    assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
    assertThat(problems).isEmpty();
  }

  @Test
  void rotatesBeforeALineWouldPassTheSizeLimit() throws Exception {
    Path dataDir = tmp.resolve("data");
    // 10 bytes + newline per line: two lines fit in 22 bytes, a third does not.
    LocalStoreWriter writer = LocalStoreWriter.create(dataDir, Signal.METRICS, 22, problems::add, START, 9);

    for (String line : new String[] {"line-0001", "line-0002", "line-0003", "line-0004", "line-0005"}) {
      writer.append(bytes(line + "x"));
    }
    // longer than the limit on its own: it still gets written, into a fresh file
    writer.append(bytes("a-line-longer-than-the-limit"));
    writer.close();

    assertThat(LocalStoreFiles.list(dataDir, Signal.METRICS))
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "metrics-20250304T050607-9.1.jsonl",
            "metrics-20250304T050607-9.2.jsonl",
            "metrics-20250304T050607-9.3.jsonl",
            "metrics-20250304T050607-9.jsonl");
    Path dir = dataDir.resolve("metrics");
    assertThat(read(dir.resolve("metrics-20250304T050607-9.jsonl"))).isEqualTo("line-0001x\nline-0002x\n");
    assertThat(read(dir.resolve("metrics-20250304T050607-9.1.jsonl"))).isEqualTo("line-0003x\nline-0004x\n");
    assertThat(read(dir.resolve("metrics-20250304T050607-9.2.jsonl"))).isEqualTo("line-0005x\n");
    assertThat(read(dir.resolve("metrics-20250304T050607-9.3.jsonl")))
        .isEqualTo("a-line-longer-than-the-limit\n");
  }

  @Test
  void appendAllWritesABatchAndRotatesInsideIt() throws Exception {
    Path dataDir = tmp.resolve("data");
    LocalStoreWriter writer = LocalStoreWriter.create(dataDir, Signal.AUDIT, 22, problems::add, START, 9);
    assertThat(writer.append(bytes("line-0000x"))).isTrue();
    List<String> asked = new ArrayList<>();
    List<String> placed = new ArrayList<>();
    String[] batch = {"line-0001x", "line-0002x", "line-0003x", "line-0004x"};
    int[] next = {0};
    int written =
        writer.appendAll(
            new LocalStoreWriter.LineSeries() {
              @Override
              public boolean hasNext() {
                return next[0] < batch.length;
              }

              @Override
              public byte[] next(Path file, long offset) {
                asked.add(file.getFileName() + "@" + offset);
                return bytes(batch[next[0]]);
              }

              @Override
              public void placed() {
                placed.add(batch[next[0]++]);
              }
            });
    writer.close();

    assertThat(written).isEqualTo(4);
    assertThat(placed).containsExactly(batch);
    // each line is asked for where it will land; a line that does not fit is asked for again in the next file
    assertThat(asked)
        .containsExactly(
            "audit-20250304T050607-9.jsonl@11",
            "audit-20250304T050607-9.jsonl@22",
            "audit-20250304T050607-9.1.jsonl@0",
            "audit-20250304T050607-9.1.jsonl@11",
            "audit-20250304T050607-9.1.jsonl@22",
            "audit-20250304T050607-9.2.jsonl@0");
    Path dir = dataDir.resolve("audit");
    assertThat(read(dir.resolve("audit-20250304T050607-9.jsonl"))).isEqualTo("line-0000x\nline-0001x\n");
    assertThat(read(dir.resolve("audit-20250304T050607-9.1.jsonl"))).isEqualTo("line-0002x\nline-0003x\n");
    assertThat(read(dir.resolve("audit-20250304T050607-9.2.jsonl"))).isEqualTo("line-0004x\n");
    assertThat(problems).isEmpty();
  }

  @Test
  void appendAllOnAnUnwritableDataDirDropsTheWholeBatchAndSaysSoOnce() throws Exception {
    Path blocker = tmp.resolve("blocker");
    Files.writeString(blocker, "a file where the data dir should be");
    LocalStoreWriter writer =
        LocalStoreWriter.create(blocker.resolve("data"), Signal.AUDIT, 1 << 20, problems::add, START, 9);
    int[] next = {0};
    LocalStoreWriter.LineSeries three =
        new LocalStoreWriter.LineSeries() {
          @Override
          public boolean hasNext() {
            return next[0] < 3;
          }

          @Override
          public byte[] next(Path file, long offset) {
            return bytes("x");
          }

          @Override
          public void placed() {
            next[0]++;
          }
        };
    assertThat(writer.appendAll(three)).isZero();
    next[0] = 0;
    assertThat(writer.appendAll(three)).isZero();
    assertThat(writer.droppedLines()).isEqualTo(6);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).contains("is not writable").contains("clude.obs.data_dir");
  }

  @Test
  void createsOwnerOnlyFoldersAndFiles() throws Exception {
    assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
    Path dataDir = tmp.resolve("new/data");
    LocalStoreWriter writer = LocalStoreWriter.create(dataDir, Signal.TRACES, 1 << 20, problems::add, START, 1);

    writer.append(bytes("{}"));
    writer.close();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("traces"))))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(writer.currentFile())))
        .isEqualTo("rw-------");
  }

  @Test
  void unwritableDataDirIsReportedOnceAndDataIsDropped() throws Exception {
    // A regular file where a folder must go fails even for root, unlike permission bits.
    Path blocker = Files.write(tmp.resolve("blocker"), bytes("not a folder"));
    Path dataDir = blocker.resolve("data");
    LocalStoreWriter writer = LocalStoreWriter.create(dataDir, Signal.TRACES, 1 << 20, problems::add, START, 1);

    assertThat(writer.append(bytes("{\"a\":1}"))).isFalse();
    assertThat(writer.append(bytes("{\"b\":2}"))).isFalse();
    writer.close();

    assertThat(problems)
        .containsExactly(
            "data_dir "
                + dataDir.toAbsolutePath()
                + " is not writable (FileAlreadyExistsException); set clude.obs.data_dir to a writable"
                + " directory; local store is off");
    assertThat(writer.isOff()).isTrue();
    assertThat(writer.droppedLines()).isEqualTo(2);
  }

  @Test
  void concurrentAppendsNeverInterleave() throws Exception {
    Path dataDir = tmp.resolve("data");
    LocalStoreWriter writer = LocalStoreWriter.create(dataDir, Signal.TRACES, 1 << 30, problems::add, START, 1);
    int threads = 6;
    int linesEach = 300;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    Set<String> expected = new HashSet<>();
    for (int t = 0; t < threads; t++) {
      StringBuilder filler = new StringBuilder();
      for (int i = 0; i < 200; i++) {
        filler.append((char) ('a' + t));
      }
      String prefix = "t" + t + "-" + filler + "-";
      for (int i = 0; i < linesEach; i++) {
        expected.add(prefix + i);
      }
      Thread worker =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < linesEach; i++) {
                  writer.append(bytes(prefix + i));
                }
              });
      worker.start();
      workers.add(worker);
    }
    go.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    writer.close();

    List<String> lines = Files.readAllLines(writer.currentFile(), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(threads * linesEach);
    assertThat(new HashSet<>(lines)).isEqualTo(expected);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String read(Path file) throws Exception {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }
}
