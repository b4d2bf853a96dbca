package io.cludeobs.agent.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Deletes local store files by age ({@code retention}) and then, oldest first, until the store fits a size cap.
 *
 * <p>Only the agent's own files are touched: {@code traces-*.jsonl} with their {@code .idx} and {@code
 * metrics-*.jsonl}. Files written to within the last {@link #IN_USE} are kept whatever their age or size, because
 * another process may still be appending to them.
 */
public final class StoreCleanup {

  /** Files modified more recently than this are taken to be in use. */
  public static final Duration IN_USE = Duration.ofMinutes(1);

  /** Why a file is deleted. */
  public enum Reason {
    AGE,
    SIZE
  }

  /** One file the plan deletes (a trace file and its index count as one). */
  public static final class Doomed {
    private final List<Path> paths;
    private final long bytes;
    private final Instant modified;
    private Reason reason;

    Doomed(List<Path> paths, long bytes, Instant modified) {
      this.paths = paths;
      this.bytes = bytes;
      this.modified = modified;
    }

    /** The data file first, then its index if it has one. */
    public List<Path> paths() {
      return Collections.unmodifiableList(paths);
    }

    /** Bytes of all its paths. */
    public long bytes() {
      return bytes;
    }

    public Instant modified() {
      return modified;
    }

    public Reason reason() {
      return reason;
    }
  }

  /** What a cleanup deletes and what it keeps. */
  public static final class Plan {
    private final List<Doomed> doomed;
    private final long keptBytes;
    private final int keptFiles;

    Plan(List<Doomed> doomed, long keptBytes, int keptFiles) {
      this.doomed = doomed;
      this.keptBytes = keptBytes;
      this.keptFiles = keptFiles;
    }

    /** Files to delete, oldest first. */
    public List<Doomed> doomed() {
      return Collections.unmodifiableList(doomed);
    }

    /** Bytes the plan frees. */
    public long freedBytes() {
      long sum = 0;
      for (Doomed d : doomed) {
        sum += d.bytes;
      }
      return sum;
    }

    /** Bytes left in the store afterwards. */
    public long keptBytes() {
      return keptBytes;
    }

    /** Data files left afterwards. */
    public int keptFiles() {
      return keptFiles;
    }
  }

  private StoreCleanup() {}

  /**
   * What to delete, without deleting anything.
   *
   * @param retention files last modified longer ago than this go; null for no age limit
   * @param maxBytes the store is then cut, oldest first, to at most this many bytes; 0 for no size cap
   * @throws IOException when a store folder cannot be listed
   */
  public static Plan plan(Path dataDir, Duration retention, long maxBytes, Instant now) throws IOException {
    Objects.requireNonNull(dataDir, "dataDir");
    Instant inUseSince = now.minus(IN_USE);
    Instant cutoff = retention == null ? null : now.minus(retention);
    List<Doomed> all = new ArrayList<>();
    for (LocalStoreFiles.Signal signal : LocalStoreFiles.Signal.values()) {
      for (Path file : LocalStoreFiles.list(dataDir, signal)) {
        Doomed d = describe(file);
        if (d != null) {
          all.add(d);
        }
      }
    }
    all.addAll(orphanIndexes(dataDir));
    all.sort(Comparator.comparing((Doomed d) -> d.modified).thenComparing(d -> d.paths.get(0)));
    long total = 0;
    for (Doomed d : all) {
      total += d.bytes;
    }
    List<Doomed> doomed = new ArrayList<>();
    List<Doomed> kept = new ArrayList<>();
    for (Doomed d : all) {
      boolean inUse = d.modified.isAfter(inUseSince);
      boolean orphan = !d.paths.get(0).getFileName().toString().endsWith(LocalStoreFiles.SUFFIX);
      if (!inUse && (orphan || (cutoff != null && d.modified.isBefore(cutoff)))) {
        d.reason = Reason.AGE;
        doomed.add(d);
        total -= d.bytes;
      } else {
        kept.add(d);
      }
    }
    if (maxBytes > 0) {
      for (Doomed d : new ArrayList<>(kept)) {
        if (total <= maxBytes) {
          break;
        }
        if (d.modified.isAfter(inUseSince)) {
          continue;
        }
        d.reason = Reason.SIZE;
        doomed.add(d);
        kept.remove(d);
        total -= d.bytes;
      }
    }
    return new Plan(doomed, total, kept.size());
  }

  /**
   * Deletes what the plan lists, telling {@code progress} after each file.
   *
   * @return paths that could not be deleted, with the reason; empty when all went
   */
  public static List<String> apply(Plan plan, StoreProgress progress) {
    List<String> failures = new ArrayList<>();
    int done = 0;
    for (Doomed d : plan.doomed) {
      for (Path path : d.paths) {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          failures.add(path + " (" + e.getClass().getSimpleName() + ")");
        }
      }
      progress.advance(++done, plan.doomed.size());
    }
    return failures;
  }

  private static Doomed describe(Path file) throws IOException {
    try {
      List<Path> paths = new ArrayList<>(2);
      paths.add(file);
      long bytes = Files.size(file);
      Instant modified = Files.getLastModifiedTime(file).toInstant();
      Path index = LocalStoreFiles.indexFile(file);
      if (Files.isRegularFile(index)) {
        paths.add(index);
        bytes += Files.size(index);
        Instant indexModified = Files.getLastModifiedTime(index).toInstant();
        if (indexModified.isAfter(modified)) {
          modified = indexModified;
        }
      }
      return new Doomed(paths, bytes, modified);
    } catch (NoSuchFileException gone) {
      return null;
    }
  }

  // An index whose data file is gone (deleted by hand, or a cleanup interrupted between the two).
  private static List<Doomed> orphanIndexes(Path dataDir) throws IOException {
    Path dir = LocalStoreFiles.signalDir(dataDir, LocalStoreFiles.Signal.TRACES);
    if (!Files.isDirectory(dir)) {
      return Collections.emptyList();
    }
    List<Doomed> orphans = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "traces-*" + LocalStoreFiles.INDEX_SUFFIX)) {
      for (Path index : stream) {
        String name = index.getFileName().toString();
        String stem = name.substring(0, name.length() - LocalStoreFiles.INDEX_SUFFIX.length());
        if (!Files.exists(index.resolveSibling(stem + LocalStoreFiles.SUFFIX))) {
          try {
            List<Path> paths = new ArrayList<>(1);
            paths.add(index);
            orphans.add(new Doomed(paths, Files.size(index), Files.getLastModifiedTime(index).toInstant()));
          } catch (NoSuchFileException gone) {
            // raced with another cleanup
          }
        }
      }
    }
    return orphans;
  }
}
