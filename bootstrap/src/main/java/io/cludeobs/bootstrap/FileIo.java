package io.cludeobs.bootstrap;

/**
 * The static entry point that advice woven into the JDK's file classes calls. Per-handle state is
 * kept here so reads and writes never call into the agent: they only add to a {@link FileOp}.
 * Until the agent installs a {@link FileIoSink} every method returns at once.
 */
public final class FileIo {

  public static final int MODE_READ = 1;
  public static final int MODE_WRITE = 2;
  public static final int MODE_READ_WRITE = 3;

  public static final int OP_COPY = 1;
  public static final int OP_MOVE = 2;
  public static final int OP_DELETE = 3;
  public static final int OP_CREATE = 4;
  public static final int OP_CREATE_DIRECTORY = 5;
  public static final int OP_LIST = 6;
  public static final int OP_WALK = 7;

  /** Token of an operation nested in another or excluded: counted for the guard, recorded nowhere. */
  private static final Object SUPPRESSED = new Object();

  private static final WeakIdentityTable OPEN = new WeakIdentityTable();

  /**
   * Depth of file operations and sink calls in progress on this thread: what happens inside one
   * (Files.createFile opening a channel, the agent loading a class) is not observed.
   */
  private static final ThreadLocal<int[]> GUARD =
      new ThreadLocal<int[]>() {
        @Override
        protected int[] initialValue() {
          return new int[1];
        }
      };

  private static volatile FileIoSink sink;

  private FileIo() {}

  /** Installs the agent's sink; null switches recording off. */
  public static void install(FileIoSink newSink) {
    sink = newSink;
  }

  /**
   * Stops recording on this thread until {@link #unsuppress()}: the agent calls it around its own
   * work on application threads (starting up, weaving a class), which must never show up as the
   * application's file I/O. Calls nest.
   */
  public static void suppress() {
    GUARD.get()[0]++;
  }

  /** Ends one {@link #suppress()}. */
  public static void unsuppress() {
    int[] guard = GUARD.get();
    if (guard[0] > 0) {
      guard[0]--;
    }
  }

  /** Whether a sink is installed, i.e. file operations are being recorded from now on. */
  public static boolean installed() {
    return sink != null;
  }

  /** A stream or random-access file constructor returned; {@code path} is null for descriptors. */
  public static void opened(Object handle, String path, int mode, long startNanos) {
    FileIoSink s = sink;
    if (s == null || path == null || handle == null) {
      return;
    }
    int[] guard = GUARD.get();
    if (guard[0] > 0) {
      return;
    }
    guard[0]++;
    try {
      Object state = s.opened(path, mode);
      if (state != null) {
        OPEN.putIfAbsent(handle, new FileOp(state, mode, startNanos));
      }
    } finally {
      guard[0]--;
    }
  }

  /** A constructor threw: nothing was opened. */
  public static void openFailed(String path, int mode, long startNanos, Throwable thrown) {
    FileIoSink s = sink;
    if (s == null || path == null) {
      return;
    }
    int[] guard = GUARD.get();
    if (guard[0] > 0) {
      return;
    }
    guard[0]++;
    try {
      s.openFailed(path, mode, startNanos, thrown);
    } finally {
      guard[0]--;
    }
  }

  /**
   * A file channel was constructed. One obtained from a tracked stream ({@code parent}) shares the
   * stream's {@link FileOp}, so stream and channel together are one operation.
   */
  public static void channelOpened(
      Object channel, String path, boolean readable, boolean writable, Object parent, long startNanos) {
    if (sink == null) {
      return;
    }
    if (parent != null) {
      FileOp shared = OPEN.get(parent);
      if (shared != null) {
        OPEN.putIfAbsent(channel, shared);
      }
      return;
    }
    opened(channel, path, (readable ? MODE_READ : 0) | (writable ? MODE_WRITE : 0), startNanos);
  }

  /** A read returned {@code n} bytes ({@code -1} at the end of the file counts nothing). */
  public static void read(Object handle, long n) {
    if (n > 0) {
      FileOp op = OPEN.get(handle);
      if (op != null && op.transfers == 0) {
        op.addRead(n);
      }
    }
  }

  /** A write of {@code n} bytes returned. */
  public static void wrote(Object handle, long n) {
    if (n > 0) {
      FileOp op = OPEN.get(handle);
      if (op != null && op.transfers == 0) {
        op.addWritten(n);
      }
    }
  }

  /** A read or write on {@code handle} threw. */
  public static void failed(Object handle, Throwable thrown) {
    FileOp op = OPEN.get(handle);
    if (op != null) {
      op.failed(thrown);
    }
  }

  /**
   * A channel transfer starts: reads and writes it makes on tracked channels are not counted, the
   * transferred total is counted once on exit instead. Returns the source and target ops.
   */
  public static Object transferEnter(Object source, Object target) {
    if (sink == null) {
      return null;
    }
    FileOp from = OPEN.get(source);
    FileOp to = OPEN.get(target);
    if (from == null && to == null) {
      return null;
    }
    if (from != null) {
      from.transfers++;
    }
    if (to != null) {
      to.transfers++;
    }
    return new FileOp[] {from, to};
  }

  /** The transfer of {@code token} moved {@code n} bytes (or threw). */
  public static void transferExit(Object token, long n, Throwable thrown) {
    if (!(token instanceof FileOp[])) {
      return;
    }
    FileOp[] ops = (FileOp[]) token;
    for (int i = 0; i < 2; i++) {
      FileOp op = ops[i];
      if (op == null) {
        continue;
      }
      op.transfers--;
      if (thrown != null) {
        op.failed(thrown);
      } else if (n > 0) {
        if (i == 0) {
          op.addRead(n);
        } else {
          op.addWritten(n);
        }
      }
    }
  }

  /** The handle was closed; the first close of a tracked handle ends its operation. */
  public static void closed(Object handle) {
    FileOp op = OPEN.remove(handle);
    if (op == null || !op.close()) {
      return;
    }
    FileIoSink s = sink;
    if (s == null) {
      return;
    }
    long end = System.nanoTime();
    int[] guard = GUARD.get();
    guard[0]++;
    try {
      s.closed(op, end);
    } finally {
      guard[0]--;
    }
  }

  /**
   * A method of {@link java.nio.file.Files} starts; returns the token for {@link #operationExit}.
   *
   * @param name the method's name, a constant in the woven code
   */
  public static Object operationEnter(String name, Object first, Object second) {
    FileIoSink s = sink;
    if (s == null) {
      return null;
    }
    int[] guard = GUARD.get();
    if (guard[0]++ > 0) {
      return SUPPRESSED;
    }
    Object token = s.operationEnter(operation(name), first, second);
    return token == null ? SUPPRESSED : token;
  }

  public static void operationExit(Object token, long startNanos, Object returned, Throwable thrown) {
    if (token == null) {
      return;
    }
    int[] guard = GUARD.get();
    try {
      FileIoSink s = sink;
      if (token != SUPPRESSED && s != null) {
        s.operationExit(token, startNanos, returned, thrown);
      }
    } finally {
      guard[0]--;
    }
  }

  static int operation(String name) {
    switch (name) {
      case "copy":
        return OP_COPY;
      case "move":
        return OP_MOVE;
      case "delete":
      case "deleteIfExists":
        return OP_DELETE;
      case "createFile":
        return OP_CREATE;
      case "createDirectory":
      case "createDirectories":
        return OP_CREATE_DIRECTORY;
      case "list":
        return OP_LIST;
      default:
        return OP_WALK;
    }
  }

  /** Handles tracked right now; for tests. */
  static int tracked() {
    return OPEN.size();
  }
}
