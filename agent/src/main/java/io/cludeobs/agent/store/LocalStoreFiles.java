package io.cludeobs.agent.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The on-disk layout of the local store: {@code <data_dir>/traces/traces-<start>-<pid>[.<n>].jsonl} and the same
 * under {@code metrics/}, one file series per process.
 */
public final class LocalStoreFiles {

  /** A kind of data kept in the local store; its name is both the folder and the file prefix. */
  public enum Signal {
    TRACES("traces"),
    METRICS("metrics"),
    /** Audit events (file changes made inside tool calls), one JSON object per line. */
    AUDIT("audit");

    private final String folder;

    Signal(String folder) {
      this.folder = folder;
    }

    /** The folder under the data dir and the file name prefix, e.g. {@code traces}. */
    public String folder() {
      return folder;
    }
  }

  static final String SUFFIX = ".jsonl";
  static final String INDEX_SUFFIX = ".idx";
  static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

  // UTC so that names sort by time across DST changes and machines in other zones.
  private static final DateTimeFormatter START =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  private LocalStoreFiles() {}

  /** The folder holding one signal's files, e.g. {@code <data_dir>/traces}. */
  public static Path signalDir(Path dataDir, Signal signal) {
    return dataDir.resolve(signal.folder());
  }

  /**
   * The name of one file of a process's series: index 0 is {@code traces-20250102T030405-1234.jsonl}, index n
   * is {@code traces-20250102T030405-1234.n.jsonl}.
   */
  public static String fileName(Signal signal, Instant processStart, long pid, int index) {
    String base = signal.folder() + "-" + START.format(processStart) + "-" + pid;
    return index == 0 ? base + SUFFIX : base + "." + index + SUFFIX;
  }

  /**
   * The index beside a trace file: {@code traces-20250102T030405-1234.idx} for {@code
   * traces-20250102T030405-1234.jsonl}; see {@link TraceIndex}.
   */
  public static Path indexFile(Path dataFile) {
    String name = dataFile.getFileName().toString();
    String stem = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
    return dataFile.resolveSibling(stem + INDEX_SUFFIX);
  }

  /**
   * All files of a signal under a data dir, of every process and rotation, sorted by name (so by start time);
   * empty when the folder does not exist.
   */
  public static List<Path> list(Path dataDir, Signal signal) throws IOException {
    Path dir = signalDir(dataDir, signal);
    if (!Files.isDirectory(dir)) {
      return Collections.emptyList();
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, signal.folder() + "-*" + SUFFIX)) {
      for (Path file : stream) {
        if (Files.isRegularFile(file)) {
          files.add(file);
        }
      }
    }
    Collections.sort(files);
    return files;
  }
}
