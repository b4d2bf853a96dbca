package io.cludeobs.agent.fileio;

import io.cludeobs.agent.config.AgentConfig;
import io.cludeobs.agent.config.FilePathMode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which paths are recorded and how they are shown. Built-in excludes (the agent's data dir, the
 * JDK, {@code .jar} and {@code .class} files, the class path entries, {@code /proc}, {@code /sys},
 * {@code /dev}) keep the agent's own
 * writes and class loading out; user globs add excludes or restrict to includes. Decisions are
 * cached by the path as the JDK holds it, since the working directory of a JVM never changes.
 */
final class PathRules {

  private static final int CACHE_LIMIT = 4096;

  private final FilePathMode mode;
  private final Path baseDir;
  private final List<String> excludedDirs;
  private final List<String> excludedFiles;
  private final List<PathMatcher> include;
  private final List<PathMatcher> exclude;
  private final ConcurrentHashMap<String, Decision> cache = new ConcurrentHashMap<>();

  /**
   * In front of {@link #cache}: the latest decision per slot of the path's hash. A hit reads this
   * array and one {@link Decision}, where the map reads its table, a node and the value: on a kernel
   * with page-table isolation and no PCID, the lookup follows a system call that flushed the TLB, and
   * every page costs a walk.
   */
  private final Decision[] recent = new Decision[RECENT];

  private static final int RECENT = 1024;

  /** A cached decision: the path as the JDK held it, and what to record (null: excluded). */
  private static final class Decision {
    final String raw;
    final TrackedPath path;

    Decision(String raw, TrackedPath path) {
      this.raw = raw;
      this.path = path;
    }
  }

  PathRules(
      FilePathMode mode,
      Path baseDir,
      List<String> excludedDirs,
      List<String> excludedFiles,
      List<String> includeGlobs,
      List<String> excludeGlobs) {
    this.mode = mode;
    this.baseDir = baseDir.toAbsolutePath().normalize();
    this.excludedDirs = absolute(excludedDirs);
    this.excludedFiles = absolute(excludedFiles);
    this.include = matchers(includeGlobs);
    this.exclude = matchers(excludeGlobs);
  }

  /** The rules the configuration asks for, with the built-in excludes of this JVM. */
  static PathRules from(AgentConfig config) {
    List<String> dirs = new ArrayList<>();
    dirs.add(config.dataDir().toString());
    dirs.add(System.getProperty("java.home", "/nonexistent-java-home"));
    dirs.add("/proc");
    dirs.add("/sys");
    dirs.add("/dev");
    List<String> files = new ArrayList<>();
    String classPath = System.getProperty("java.class.path", "");
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        files.add(entry);
      }
    }
    return new PathRules(
        config.fileIoPathMode(), config.fileIoBaseDir(), dirs, files, config.fileIoInclude(), config.fileIoExclude());
  }

  /** The path to record, or null when it is excluded. */
  TrackedPath resolve(String raw) {
    int slot = raw.hashCode() & (RECENT - 1);
    // a Decision's fields are final: whatever a racing write leaves in the slot is whole
    Decision seen = recent[slot];
    if (seen == null || (seen.raw != raw && !seen.raw.equals(raw))) {
      seen = cache.get(raw);
      if (seen == null) {
        seen = decide(raw);
        if (cache.size() >= CACHE_LIMIT) {
          cache.clear();
        }
        cache.put(raw, seen);
      }
      recent[slot] = seen;
    }
    return seen.path;
  }

  private Decision decide(String raw) {
    Path path = Paths.get(new File(raw).getAbsolutePath()).normalize();
    String absolute = path.toString();
    if (isBuiltInExclude(absolute)) {
      return new Decision(raw, null);
    }
    Path relative = path.startsWith(baseDir) ? baseDir.relativize(path) : null;
    if (!include.isEmpty() && !matchesAny(include, path, relative)) {
      return new Decision(raw, null);
    }
    if (matchesAny(exclude, path, relative)) {
      return new Decision(raw, null);
    }
    return new Decision(raw, new TrackedPath(absolute, shown(path)));
  }

  private boolean isBuiltInExclude(String absolute) {
    // class loading reads jars and, from class-path directories, .class files
    if (absolute.endsWith(".jar") || absolute.endsWith(".class")) {
      return true;
    }
    for (String dir : excludedDirs) {
      if (absolute.equals(dir) || (absolute.startsWith(dir) && absolute.charAt(dir.length()) == File.separatorChar)) {
        return true;
      }
    }
    return excludedFiles.contains(absolute);
  }

  private static boolean matchesAny(List<PathMatcher> matchers, Path absolute, Path relative) {
    for (PathMatcher m : matchers) {
      if (m.matches(absolute) || (relative != null && m.matches(relative))) {
        return true;
      }
    }
    return false;
  }

  private String shown(Path absolute) {
    switch (mode) {
      case FULL:
        return absolute.toString();
      case RELATIVE:
        return baseDir.relativize(absolute).toString();
      case HASHED:
        return hash(absolute.toString());
      case NONE:
      default:
        return null;
    }
  }

  static String hash(String absolute) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(absolute.getBytes(StandardCharsets.UTF_8));
      StringBuilder b = new StringBuilder("sha256:");
      for (int i = 0; i < 8; i++) {
        b.append(Character.forDigit((digest[i] >> 4) & 0xf, 16)).append(Character.forDigit(digest[i] & 0xf, 16));
      }
      return b.toString();
    } catch (NoSuchAlgorithmException e) {
      // every Java platform must provide SHA-256
      throw new IllegalStateException(e);
    }
  }

  private static List<String> absolute(List<String> paths) {
    List<String> out = new ArrayList<>();
    for (String p : paths) {
      out.add(Paths.get(new File(p).getAbsolutePath()).normalize().toString());
    }
    return Collections.unmodifiableList(out);
  }

  private static List<PathMatcher> matchers(List<String> globs) {
    List<PathMatcher> out = new ArrayList<>();
    for (String glob : globs) {
      // AgentConfig has already dropped the globs that do not compile
      out.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
    }
    return Collections.unmodifiableList(out);
  }
}
