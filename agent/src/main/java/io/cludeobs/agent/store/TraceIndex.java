package io.cludeobs.agent.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The index beside each trace file ({@code traces-…​.idx}), written by the exporter as it appends lines, so that
 * listing traces reads a few bytes per trace instead of parsing every span.
 *
 * <p>Format, UTF-8 text: for each data line, one row per trace in it ({@code T}, the trace id and its {@link
 * TraceDigest} fields, tab-separated), then a row {@code L <offset> <length>} giving the line's byte range in the
 * data file. The {@code L} row commits the rows before it: rows without one (a torn write) are ignored, and data
 * lines no {@code L} row covers are parsed instead. The data file stays the source of truth.
 */
public final class TraceIndex {

  private TraceIndex() {}

  /** One data line's byte range and the digests of the traces in it. */
  interface Block {
    void accept(long offset, int length, List<TraceDigest> digests);
  }

  static String lineRow(long offset, int length) {
    return "L\t" + offset + "\t" + length + "\n";
  }

  /** The rows for one data line, each ending in a line break, without the committing {@code L} row. */
  public static String rows(Collection<TraceDigest> digests) {
    StringBuilder b = new StringBuilder(digests.size() * 160);
    for (TraceDigest d : digests) {
      b.append(d.toRow()).append('\n');
    }
    return b.toString();
  }

  /**
   * Reads an index file, calling {@code block} for each committed data line; when {@code onlyTraceId} is not null,
   * rows of other traces are passed over without being parsed (a line's digests may then be empty).
   *
   * @return rows ignored because they were torn or corrupt
   */
  static long read(Path indexFile, String onlyTraceId, Block block) throws IOException {
    long ignored = 0;
    String wantedPrefix = onlyTraceId == null ? null : "T\t" + onlyTraceId + "\t";
    List<TraceDigest> pending = new ArrayList<>();
    int pendingRows = 0;
    try (BufferedReader reader = Files.newBufferedReader(indexFile, StandardCharsets.UTF_8)) {
      String row;
      while ((row = reader.readLine()) != null) {
        if (row.startsWith("T\t")) {
          pendingRows++;
          if (wantedPrefix != null && !row.startsWith(wantedPrefix)) {
            continue;
          }
          TraceDigest d = TraceDigest.parseRow(row);
          if (d == null) {
            ignored++;
          } else {
            pending.add(d);
          }
        } else if (row.startsWith("L\t")) {
          String[] f = TraceDigest.split(row, 3);
          long offset;
          int length;
          try {
            offset = f == null ? -1 : Long.parseLong(f[1]);
            length = f == null ? -1 : Integer.parseInt(f[2]);
          } catch (NumberFormatException e) {
            offset = -1;
            length = -1;
          }
          if (offset < 0 || length < 0) {
            ignored += pendingRows + 1;
          } else {
            block.accept(offset, length, pending);
          }
          pending = new ArrayList<>();
          pendingRows = 0;
        } else if (!row.isEmpty()) {
          ignored++;
        }
      }
    }
    return ignored + pendingRows;
  }
}
