package io.cludeobs.agent.store;

import io.cludeobs.agent.store.LocalStoreFiles.Signal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Appends whole lines to one process's file series of a signal, rotating by size; never throws once built.
 *
 * <p>The first append creates the folders (0700) and file (0600). If that fails the data dir is unwritable: one
 * line goes to the problem consumer and every later line is dropped, since telemetry must never break the host
 * app. A write that fails later (a full disk) removes the partial line and pauses the writer: lines are dropped and
 * each later append tries a new file, so writing resumes once there is space. A data dir deleted while running is
 * created again and writing goes on in a new file.
 */
public final class LocalStoreWriter implements AutoCloseable {

  private static final int BATCH_BYTES = 64 * 1024;

  private final Path dataDir;
  private final Signal signal;
  private final long maxFileBytes;
  private final Consumer<String> problems;
  private final Instant processStart;
  private final long pid;

  // guarded by this
  private FileChannel channel;
  private FileChannel indexChannel;
  private boolean indexOff;
  private Path currentFile;
  private long currentSize;
  private int index;
  private boolean off;
  private boolean paused;
  private long droppedLines;
  /** The lines of one {@link #appendAll} call; made by the first, kept between calls, shrunk back after a burst. */
  private ByteBuffer batch;

  private LocalStoreWriter(
      Path dataDir, Signal signal, long maxFileBytes, Consumer<String> problems, Instant processStart, long pid) {
    this.dataDir = dataDir;
    this.signal = signal;
    this.maxFileBytes = maxFileBytes;
    this.problems = problems;
    this.processStart = processStart;
    this.pid = pid;
  }

  /**
   * A writer for this process: files are named after {@code processStart} and the current pid.
   *
   * @param maxFileBytes a file is rotated before a line would make it larger than this (a single longer line
   *     still gets a file of its own)
   * @param problems receives at most one line, when the data dir turns out not to be writable
   */
  public static LocalStoreWriter create(
      Path dataDir, Signal signal, long maxFileBytes, Consumer<String> problems, Instant processStart) {
    return create(dataDir, signal, maxFileBytes, problems, processStart, ProcessHandle.current().pid());
  }

  static LocalStoreWriter create(
      Path dataDir, Signal signal, long maxFileBytes, Consumer<String> problems, Instant processStart, long pid) {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(problems, "problems");
    Objects.requireNonNull(processStart, "processStart");
    if (maxFileBytes <= 0) {
      throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
    }
    return new LocalStoreWriter(dataDir.toAbsolutePath(), signal, maxFileBytes, problems, processStart, pid);
  }

  /**
   * Appends {@code line} (which must not contain a newline) plus {@code '\n'} as one write, so lines of
   * concurrent callers never interleave; returns false if the line was dropped.
   */
  public boolean append(byte[] line) {
    return append(line, 0, line.length);
  }

  /** Appends {@code length} bytes of {@code line} from {@code offset} plus {@code '\n'}; see {@link #append(byte[])}. */
  public boolean append(byte[] line, int offset, int length) {
    return append(line, offset, length, null);
  }

  /**
   * Appends a line as {@link #append(byte[], int, int)} does, then, when {@code indexRows} is not null, those rows
   * and a row giving the line's byte offset and length to the file's index (see {@link TraceIndex}). A failing
   * index write turns off the index only: readers then scan the data file instead.
   *
   * @param indexRows complete rows, each ending in {@code '\n'}
   */
  public synchronized boolean append(byte[] line, int offset, int length, String indexRows) {
    if (off) {
      droppedLines++;
      return false;
    }
    try {
      long needed = length + 1L;
      reopenIfDeleted();
      if (channel == null) {
        open();
      } else if (currentSize > 0 && currentSize + needed > maxFileBytes) {
        channel.close();
        channel = null;
        closeIndex();
        index++;
        open();
      }
      long lineOffset = currentSize;
      ByteBuffer buffer = ByteBuffer.allocate(length + 1);
      buffer.put(line, offset, length).put((byte) '\n').flip();
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      currentSize += needed;
      paused = false;
      if (indexRows != null) {
        writeIndex(indexRows + TraceIndex.lineRow(lineOffset, length));
      }
      return true;
    } catch (IOException | RuntimeException e) {
      failed(e);
      droppedLines++;
      return false;
    }
  }

  /**
   * Lines for {@link #appendAll}, each of which may depend on the one placed before it (the audit log's hash
   * chain): the writer asks for the next line with the file and offset it will land at, and says when it has
   * its place.
   */
  public interface LineSeries {
    /** Whether there is another line. */
    boolean hasNext();

    /**
     * The next line (without {@code '\n'}) for {@code offset} of {@code file}; asked again, with the next file,
     * when it does not fit.
     */
    byte[] next(Path file, long offset) throws IOException;

    /** The line {@link #next} returned last has its place; the next call is for the line after it. */
    void placed();
  }

  /**
   * Appends every line of {@code lines} under one lock with one stat and, unless a file rotates in between, one
   * write: what a writer thread with a batch in hand should use instead of a call per line. Returns how many lines
   * were written; on a failure the lines not yet written are dropped (and counted), as single appends are.
   */
  public synchronized int appendAll(LineSeries lines) {
    int written = 0;
    int buffered = 0;
    if (off) {
      while (lines.hasNext()) {
        droppedLines++;
        lines.placed();
      }
      return 0;
    }
    try {
      reopenIfDeleted();
      if (channel == null) {
        open();
      }
      if (batch == null) {
        batch = ByteBuffer.allocate(BATCH_BYTES);
      }
      batch.clear();
      while (lines.hasNext()) {
        byte[] line = lines.next(currentFile, currentSize + batch.position());
        long size = currentSize + batch.position();
        if (size > 0 && size + line.length + 1L > maxFileBytes) {
          written += flushBatch(buffered);
          buffered = 0;
          channel.close();
          channel = null;
          closeIndex();
          index++;
          open();
          line = lines.next(currentFile, currentSize);
        }
        if (batch.remaining() < line.length + 1) {
          batch = grow(batch, line.length + 1);
        }
        batch.put(line).put((byte) '\n');
        buffered++;
        lines.placed();
      }
      written += flushBatch(buffered);
      paused = false;
      return written;
    } catch (IOException | RuntimeException e) {
      failed(e);
      droppedLines += buffered;
      while (lines.hasNext()) {
        droppedLines++;
        lines.placed();
      }
      return written;
    }
  }

  private int flushBatch(int lines) throws IOException {
    batch.flip();
    int bytes = batch.remaining();
    while (batch.hasRemaining()) {
      channel.write(batch);
    }
    currentSize += bytes;
    if (batch.capacity() > 16 * BATCH_BYTES) {
      batch = ByteBuffer.allocate(BATCH_BYTES);
    } else {
      batch.clear();
    }
    return lines;
  }

  private static ByteBuffer grow(ByteBuffer full, int needed) {
    ByteBuffer bigger = ByteBuffer.allocate(Math.max(full.capacity() * 2, full.position() + needed));
    full.flip();
    return bigger.put(full);
  }

  /** Whether an earlier failure turned this writer off. */
  public synchronized boolean isOff() {
    return off;
  }

  /** Lines dropped because the writer is off. */
  public synchronized long droppedLines() {
    return droppedLines;
  }

  /** The file being written, or null before the first line. */
  public synchronized Path currentFile() {
    return currentFile;
  }

  private void writeIndex(String rows) {
    if (indexOff) {
      return;
    }
    try {
      if (indexChannel == null) {
        Path file = LocalStoreFiles.indexFile(currentFile);
        boolean created = !Files.exists(file);
        indexChannel =
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        if (created) {
          restrict(file, LocalStoreFiles.OWNER_FILE);
        }
      }
      ByteBuffer buffer = ByteBuffer.wrap(rows.getBytes(StandardCharsets.UTF_8));
      while (buffer.hasRemaining()) {
        indexChannel.write(buffer);
      }
    } catch (IOException | RuntimeException e) {
      // The data line is written; without an index the reader scans the file, so this is not worth a warning.
      indexOff = true;
      closeIndex();
    }
  }

  private void closeIndex() {
    if (indexChannel != null) {
      try {
        indexChannel.close();
      } catch (IOException ignored) {
        // rows went straight to the channel; nothing is lost by a failing close
      }
      indexChannel = null;
    }
  }

  @Override
  public synchronized void close() {
    closeIndex();
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing was buffered: every append went straight to the channel
      }
      channel = null;
    }
  }

  private void open() throws IOException {
    Path dir = LocalStoreFiles.signalDir(dataDir, signal);
    createOwnerOnlyDir(dataDir);
    createOwnerOnlyDir(dir);
    Path file = dir.resolve(LocalStoreFiles.fileName(signal, processStart, pid, index));
    boolean created = !Files.exists(file);
    // APPEND: a restarted writer (same pid and second) continues the file instead of truncating it.
    channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    if (created) {
      restrict(file, LocalStoreFiles.OWNER_FILE);
    }
    currentFile = file;
    currentSize = channel.size();
  }

  private static void createOwnerOnlyDir(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      if (Files.exists(parent)) {
        Files.createDirectories(parent); // a file stands where a folder must: FileAlreadyExistsException
      }
      // every folder the agent creates is owner-only, not just the last one (data_dir=~/a/b makes a too)
      createOwnerOnlyDir(parent);
    }
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException raced) {
      return;
    }
    restrict(dir, LocalStoreFiles.OWNER_DIR);
  }

  // Set after creation rather than as a create attribute, so a permissive umask cannot widen it.
  private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(path, permissions);
    } catch (UnsupportedOperationException notPosix) {
      // Windows and other non-POSIX file systems: the user's profile ACLs apply instead
    }
  }

  /**
   * The open file is gone (the data dir was deleted while running): writes to it would vanish, so close it and let
   * the caller open a new one, which creates the folders again. One stat per append, and appends are per batch.
   */
  private void reopenIfDeleted() {
    if (channel == null || Files.exists(currentFile)) {
      return;
    }
    closeChannel();
    closeIndex();
    indexOff = false;
    index++;
    problems.accept(
        "data_dir "
            + dataDir
            + " was deleted while running; created it again and writing goes on in a new file; set"
            + " clude.obs.data_dir to a directory nothing else cleans up");
  }

  /** An unwritable data dir turns the writer off; a failed write to an open file (disk full) only pauses it. */
  private void failed(Exception e) {
    if (channel == null && !paused) {
      turnOff(e);
      return;
    }
    if (channel != null) {
      try {
        // drop the partial line, so readers never see half a record; shrinking a file needs no space
        channel.truncate(currentSize);
      } catch (IOException | RuntimeException ignored) {
        // the reader skips a line it cannot parse
      }
      closeChannel();
      if (currentSize > 0) {
        // resume in a fresh file, with a fresh index; a still-empty file is simply tried again
        index++;
      }
    }
    closeIndex();
    indexOff = false;
    if (!paused) {
      paused = true;
      problems.accept(
          "data_dir "
              + dataDir
              + " write failed ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + "); local store paused, dropping lines and trying a new file on each write; free space there or"
              + " set clude.obs.data_dir to another disk");
    }
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing or abandoning the file; nothing buffered is lost
      }
      channel = null;
    }
  }

  private void turnOff(Exception e) {
    off = true;
    closeIndex();
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing; the one line below says what matters
      }
      channel = null;
    }
    problems.accept(
        "data_dir "
            + dataDir
            + " is not writable ("
            + e.getClass().getSimpleName()
            + "); set clude.obs.data_dir to a writable directory; local store is off");
  }
}
