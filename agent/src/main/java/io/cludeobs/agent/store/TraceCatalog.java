package io.cludeobs.agent.store;

import io.opentelemetry.api.trace.StatusCode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Every trace of a local store as a {@link TraceDigest}, read from the index beside each trace file; data lines no
 * index covers (files of older agents, a line written just before a crash) are parsed instead. Also loads one
 * trace's spans by reading only the lines that hold them.
 *
 * <p>Bad input is never fatal: unreadable files, corrupt or half-written lines and torn index rows are skipped and
 * counted.
 */
public final class TraceCatalog {

  private final Path dataDir;
  private final List<Path> files;
  private final Map<String, TraceDigest> traces = new HashMap<>();
  private final Map<String, List<LineRef>> lines = new HashMap<>();
  private final LocalStoreReader parser;
  private long unreadableFiles;
  private String firstUnreadable;
  private long ignoredIndexRows;
  private int indexedFiles;
  private long scannedBytes;

  private TraceCatalog(Path dataDir, List<Path> files) {
    this.dataDir = dataDir;
    this.files = files;
    this.parser = LocalStoreReader.create(dataDir);
  }

  /** Where one data line of a trace is. */
  private static final class LineRef {
    final Path file;
    final long offset;
    final int length;

    LineRef(Path file, long offset, int length) {
      this.file = file;
      this.offset = offset;
      this.length = length;
    }
  }

  private static final class IndexedLine {
    final long offset;
    final int length;
    final List<TraceDigest> digests;

    IndexedLine(long offset, int length, List<TraceDigest> digests) {
      this.offset = offset;
      this.length = length;
      this.digests = digests;
    }
  }

  /**
   * Reads the digests of all traces (or, when {@code onlyTraceId} is given, of that trace only, which skips the
   * parsing of other rows).
   *
   * @throws IOException only when the traces folder cannot be listed
   */
  public static TraceCatalog read(Path dataDir, String onlyTraceId, StoreProgress progress) throws IOException {
    Objects.requireNonNull(dataDir, "dataDir");
    List<Path> files = LocalStoreFiles.list(dataDir, LocalStoreFiles.Signal.TRACES);
    TraceCatalog catalog = new TraceCatalog(dataDir, files);
    String wanted = onlyTraceId == null ? null : onlyTraceId.toLowerCase(Locale.ROOT);
    long[] sizes = new long[files.size()];
    long total = 0;
    for (int i = 0; i < files.size(); i++) {
      sizes[i] = catalog.workSize(files.get(i));
      total += sizes[i];
    }
    long done = 0;
    for (int i = 0; i < files.size(); i++) {
      catalog.readFile(files.get(i), wanted);
      done += sizes[i];
      progress.advance(done, total);
    }
    return catalog;
  }

  private long workSize(Path file) {
    try {
      Path index = LocalStoreFiles.indexFile(file);
      return Files.isRegularFile(index) ? Files.size(index) : Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private void readFile(Path file, String wanted) {
    try {
      long size = Files.size(file);
      // Covered byte ranges, by offset: what the index says, so that only the gaps are parsed.
      TreeMap<Long, Integer> covered = new TreeMap<>();
      Path index = LocalStoreFiles.indexFile(file);
      if (Files.isRegularFile(index)) {
        List<IndexedLine> blocks = new ArrayList<>();
        try {
          long ignored =
              TraceIndex.read(
                  index,
                  wanted,
                  (offset, length, digests) -> {
                    // An index claiming bytes the data file does not have is wrong there: trust the data.
                    if (offset + length + 1 <= size) {
                      blocks.add(new IndexedLine(offset, length, digests));
                    }
                  });
          // Applied only once the whole index is read, so a failing index leaves nothing half-counted.
          ignoredIndexRows += ignored;
          for (IndexedLine block : blocks) {
            covered.put(block.offset, block.length);
            LineRef ref = new LineRef(file, block.offset, block.length);
            for (TraceDigest d : block.digests) {
              add(d, ref);
            }
          }
          indexedFiles++;
        } catch (IOException | RuntimeException e) {
          covered.clear(); // a broken index: parse the data file as if there were none
        }
      }
      long next = 0;
      for (Map.Entry<Long, Integer> range : covered.entrySet()) {
        if (range.getKey() > next) {
          scan(file, next, range.getKey(), wanted);
        }
        next = Math.max(next, range.getKey() + range.getValue() + 1);
      }
      if (next < size) {
        scan(file, next, size, wanted);
      }
    } catch (NoSuchFileException e) {
      // removed by a cleanup since listing: it is not part of the store any more
    } catch (IOException | RuntimeException e) {
      unreadableFiles++;
      if (firstUnreadable == null) {
        firstUnreadable = file + " (" + e.getClass().getSimpleName() + ")";
      }
    }
  }

  private void add(TraceDigest digest, LineRef ref) {
    TraceDigest known = traces.get(digest.traceId());
    if (known == null) {
      traces.put(digest.traceId(), digest);
    } else {
      known.merge(digest);
    }
    lines.computeIfAbsent(digest.traceId(), k -> new ArrayList<>(2)).add(ref);
  }

  /** Parses the data lines in {@code [from, to)}; a last line without a line break counts as a line too. */
  private void scan(Path file, long from, long to, String wanted) throws IOException {
    scannedBytes += to - from;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      channel.position(from);
      InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
      ByteBuffer line = ByteBuffer.allocate(1 << 16);
      long position = from;
      long lineStart = from;
      while (position < to) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        position++;
        if (b == '\n') {
          scanLine(file, lineStart, line, wanted);
          line.clear();
          lineStart = position;
        } else {
          if (!line.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(line.capacity() * 2);
            line.flip();
            bigger.put(line);
            line = bigger;
          }
          line.put((byte) b);
        }
      }
      if (line.position() > 0) {
        scanLine(file, lineStart, line, wanted);
      }
    }
  }

  private void scanLine(Path file, long offset, ByteBuffer bytes, String wanted) {
    int length = bytes.position();
    String text = new String(bytes.array(), 0, length, StandardCharsets.UTF_8);
    if (text.trim().isEmpty()) {
      return;
    }
    List<StoredSpan> spans = new ArrayList<>();
    parser.readLine(text, spans);
    Map<String, TraceDigest> byTrace = new LinkedHashMap<>();
    for (StoredSpan span : spans) {
      if (wanted != null && !span.traceId().equals(wanted)) {
        continue;
      }
      byTrace.computeIfAbsent(span.traceId(), TraceDigest::new).addSpan(
          span.parentSpanId() == null,
          span.name(),
          span.startEpochNanos(),
          span.endEpochNanos(),
          span.statusCode() == StatusCode.ERROR,
          TraceDigest.categoryBit(
              span.name(), string(span.attribute("clude.category")), string(span.attribute("gen_ai.operation.name"))),
          number(span.attribute("gen_ai.usage.input_tokens")),
          number(span.attribute("gen_ai.usage.output_tokens")));
    }
    LineRef ref = new LineRef(file, offset, length);
    for (TraceDigest d : byTrace.values()) {
      add(d, ref);
    }
  }

  private static String string(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  private static long number(Object value) {
    return value instanceof Long ? (Long) value : 0;
  }

  /**
   * The spans of one trace, read from the lines that hold them; null when the catalog has no such trace.
   * Lines that cannot be read again (removed, corrupt) are skipped and counted.
   */
  public StoredTrace load(String traceId) {
    String id = traceId.toLowerCase(Locale.ROOT);
    List<LineRef> refs = lines.get(id);
    if (refs == null) {
      return null;
    }
    List<StoredSpan> spans = new ArrayList<>();
    List<StoredSpan> lineSpans = new ArrayList<>();
    for (LineRef ref : refs) {
      lineSpans.clear();
      try (FileChannel channel = FileChannel.open(ref.file, StandardOpenOption.READ)) {
        ByteBuffer buffer = ByteBuffer.allocate(ref.length);
        while (buffer.hasRemaining() && channel.read(buffer, ref.offset + buffer.position()) >= 0) {
          // read until the line is complete or the file ends
        }
        parser.readLine(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8), lineSpans);
      } catch (IOException e) {
        unreadableFiles++;
        if (firstUnreadable == null) {
          firstUnreadable = ref.file + " (" + e.getClass().getSimpleName() + ")";
        }
      }
      for (StoredSpan span : lineSpans) {
        if (span.traceId().equals(id)) {
          spans.add(span);
        }
      }
    }
    return spans.isEmpty() ? null : StoredTrace.group(spans).get(0);
  }

  /** The trace files read (data files; their indexes are beside them). */
  public List<Path> files() {
    return Collections.unmodifiableList(files);
  }

  /** The digest of every trace, in no particular order. */
  public Collection<TraceDigest> traces() {
    return Collections.unmodifiableCollection(traces.values());
  }

  /** The ids of stored traces that start with {@code prefix} (lowercase hex). */
  public List<String> idsStartingWith(String prefix) {
    String p = prefix.toLowerCase(Locale.ROOT);
    List<String> ids = new ArrayList<>();
    for (String id : traces.keySet()) {
      if (id.startsWith(p)) {
        ids.add(id);
      }
    }
    Collections.sort(ids);
    return ids;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Data lines skipped because they were not a JSON trace request (corrupt, half-written). */
  public long skippedLines() {
    return parser.skippedLines();
  }

  /** Spans skipped because they lacked a trace or span id. */
  public long skippedSpans() {
    return parser.skippedSpans();
  }

  /** Files that could not be read; see {@link #firstUnreadable()}. */
  public long unreadableFiles() {
    return unreadableFiles;
  }

  /** The first unreadable file and why, or null. */
  public String firstUnreadable() {
    return firstUnreadable;
  }

  /** Index rows ignored because they were torn or corrupt (their lines were parsed instead). */
  public long ignoredIndexRows() {
    return ignoredIndexRows;
  }

  /** Data files that had an index. */
  public int indexedFiles() {
    return indexedFiles;
  }

  /** Bytes of data files parsed because no index covered them. */
  public long scannedBytes() {
    return scannedBytes;
  }
}
