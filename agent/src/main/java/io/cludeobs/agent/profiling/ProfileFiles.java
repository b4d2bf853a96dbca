package io.cludeobs.agent.profiling;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The profile files of the local store: {@code <data_dir>/profiles/profile-<chunk start>-<pid>.<n>.jfr}, one file
 * per rotated chunk, each holding the data from its start to its last-modified time, and beside each the {@link
 * SpanFile} of the same name ending in {@code .spans}.
 */
public final class ProfileFiles {

  static final String FOLDER = "profiles";
  static final String PREFIX = "profile-";
  static final String SUFFIX = ".jfr";
  static final String SPANS_SUFFIX = ".spans";

  // UTC so that names sort by time across DST changes and machines in other zones.
  private static final DateTimeFormatter START =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  private ProfileFiles() {}

  /** The folder of profile files, {@code <data_dir>/profiles}. */
  public static Path dir(Path dataDir) {
    return dataDir.resolve(FOLDER);
  }

  static String fileName(Instant chunkStart, long pid, int sequence) {
    return PREFIX + START.format(chunkStart) + "-" + pid + "." + sequence + SUFFIX;
  }

  /** The span file that belongs to a chunk's JFR file. */
  static Path spanFile(Path jfrFile) {
    String name = jfrFile.getFileName().toString();
    String base = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
    return jfrFile.resolveSibling(base + SPANS_SUFFIX);
  }

  /** When the chunk in this file began, from its name; null when the name is not one of ours. */
  static Instant chunkStart(Path file) {
    String name = file.getFileName().toString();
    if (!name.startsWith(PREFIX) || name.length() < PREFIX.length() + 15) {
      return null;
    }
    try {
      return LocalDateTime.parse(name.substring(PREFIX.length(), PREFIX.length() + 15), START)
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** All profile files under a data dir, sorted by name (so by chunk start); empty when there are none. */
  public static List<Path> list(Path dataDir) throws IOException {
    Path dir = dir(dataDir);
    if (!Files.isDirectory(dir)) {
      return Collections.emptyList();
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      for (Path file : stream) {
        if (Files.isRegularFile(file)) {
          files.add(file);
        }
      }
    }
    Collections.sort(files);
    return files;
  }

  /**
   * The files that may hold data between {@code from} and {@code until}: started no later than {@code until}
   * and last written no earlier than {@code from}.
   */
  public static List<Path> overlapping(Path dataDir, Instant from, Instant until) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path file : list(dataDir)) {
      Instant start = chunkStart(file);
      if (start != null && until != null && start.isAfter(until)) {
        continue;
      }
      try {
        if (from != null && Files.getLastModifiedTime(file).toInstant().isBefore(from)) {
          continue;
        }
      } catch (IOException gone) {
        continue;
      }
      out.add(file);
    }
    return out;
  }

  /**
   * Deletes profile files last modified before {@code cutoff}, each with its span file; returns how many chunks went
   * and how many could not.
   */
  static int[] deleteOlderThan(Path dataDir, Instant cutoff) throws IOException {
    int deleted = 0;
    int failed = 0;
    for (Path file : list(dataDir)) {
      try {
        if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
          Files.deleteIfExists(spanFile(file));
          Files.deleteIfExists(file);
          deleted++;
        }
      } catch (IOException e) {
        failed++;
      }
    }
    return new int[] {deleted, failed};
  }

  /** Creates the folder readable by the owner only (where the file system has POSIX permissions). */
  static void createDir(Path dataDir) throws IOException {
    Path dir = dir(dataDir);
    Files.createDirectories(dir);
    ownerOnly(dir, "rwx------");
  }

  static void ownerOnly(Path path, String permissions) {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    } catch (UnsupportedOperationException | IOException e) {
      // Windows and other non-POSIX file systems: the user's profile ACLs apply instead
    }
  }
}
