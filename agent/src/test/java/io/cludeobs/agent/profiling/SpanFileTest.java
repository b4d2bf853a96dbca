package io.cludeobs.agent.profiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpanFileTest {

  @TempDir Path dir;

  /** One span, as the span log's drain hands it to the writer. */
  private static void write(SpanFile.Writer w, long spanId, String category, String name, String tool) {
    w.span(42, 1_000, 5_000, 0x0af7651916cd43ddL, 0x8448eb211c80319cL, spanId, 0, category, name, tool);
  }

  private static List<String> read(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    SpanFile.read(
        file,
        (thread, start, end, traceHigh, traceLow, spanId, parent, category, name, tool) ->
            out.add(thread + " " + start + " " + end + " " + SpanProfiler.hex(traceHigh) + SpanProfiler.hex(traceLow)
                + " " + SpanProfiler.hex(spanId) + " " + parent + " " + category + " " + name + " " + tool));
    return out;
  }

  @Test
  void spansComeBackWithEpochTimesIdsAndNames() throws IOException {
    Path file = dir.resolve("profile-20261206T230000-1.0.spans");
    try (SpanFile.Writer w = SpanFile.Writer.create(file)) {
      w.epochOffset(1_700_000_000_000_000_000L);
      write(w, 0xb7ad6b7169203331L, "task", "invoke_agent A.run", null);
      write(w, 0x00f067aa0ba902b7L, "tool", "execute_tool grep", "grep");
      w.flush();
      // strings defined in an earlier flush are used by id, and non-ASCII names survive
      write(w, 0x00f067aa0ba902b8L, "tool", "execute_tool grep", "grep");
      write(w, 0x00f067aa0ba902b9L, "tool", "execute_tool größe", "größe");
    }
    assertThat(read(file))
        .containsExactly(
            "42 1700000000000001000 1700000000000005000 0af7651916cd43dd8448eb211c80319c b7ad6b7169203331 0 task"
                + " invoke_agent A.run null",
            "42 1700000000000001000 1700000000000005000 0af7651916cd43dd8448eb211c80319c 00f067aa0ba902b7 0 tool"
                + " execute_tool grep grep",
            "42 1700000000000001000 1700000000000005000 0af7651916cd43dd8448eb211c80319c 00f067aa0ba902b8 0 tool"
                + " execute_tool grep grep",
            "42 1700000000000001000 1700000000000005000 0af7651916cd43dd8448eb211c80319c 00f067aa0ba902b9 0 tool"
                + " execute_tool größe größe");
  }

  @Test
  void aFileCutOffAnywhereYieldsTheWholeRecordsBeforeTheCut() throws IOException {
    Path file = dir.resolve("whole.spans");
    try (SpanFile.Writer w = SpanFile.Writer.create(file)) {
      write(w, 1, "tool", "execute_tool a", "a");
      write(w, 2, "tool", "execute_tool b", "b");
    }
    byte[] whole = Files.readAllBytes(file);
    int complete = 0;
    for (int length = 0; length <= whole.length; length++) {
      Path cut = dir.resolve("cut-" + length + ".spans");
      Files.write(cut, Arrays.copyOf(whole, length));
      int n = read(cut).size();
      assertThat(n).isBetween(complete, 2);
      complete = n;
    }
    assertThat(complete).isEqualTo(2);
  }

  @Test
  void aFileThatIsNoSpanFileIsRefused() throws IOException {
    Path file = dir.resolve("other.spans");
    Files.write(file, "not a span file at all".getBytes());
    assertThatThrownBy(() -> read(file)).isInstanceOf(IOException.class).hasMessageContaining("not a clude-obs span file");
  }

  @Test
  void retentionDeletesAChunkWithItsSpanFile() throws IOException {
    ProfileFiles.createDir(dir);
    Path jfr = ProfileFiles.dir(dir).resolve(ProfileFiles.fileName(Instant.parse("2026-01-01T00:00:00Z"), 7, 0));
    Files.write(jfr, new byte[] {1});
    SpanFile.Writer.create(ProfileFiles.spanFile(jfr)).close();
    Files.setLastModifiedTime(jfr, java.nio.file.attribute.FileTime.from(Instant.parse("2026-01-01T00:05:00Z")));
    assertThat(ProfileFiles.deleteOlderThan(dir, Instant.parse("2026-02-01T00:00:00Z"))).containsExactly(1, 0);
    assertThat(Files.list(ProfileFiles.dir(dir))).isEmpty();
  }
}
