package io.cludeobs.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

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
   * Per-thread state: the depth of file operations and sink calls in progress (what happens inside
   * one, Files.createFile opening a channel or the agent loading a class, is not observed), and the
   * op of a stream whose channel is being created.
   */
  private static final ThreadLocal<Guard> GUARD =
      new ThreadLocal<Guard>() {
        @Override
        protected Guard initialValue() {
          return new Guard();
        }
      };

  /** Threads whose names start with this are the agent's own: nothing they do is recorded. */
  static final String AGENT_THREAD_PREFIX = "clude-obs";

  private static final class Guard {
    /** Decided once per thread; the agent names its threads when it makes them. */
    final boolean agent = Thread.currentThread().getName().startsWith(AGENT_THREAD_PREFIX);

    int depth;
    FileOp parent;
  }

  private static volatile FileIoSink sink;

  /**
   * When the open under way on a thread began, for timing it should it fail (the failure is seen in
   * the private {@code open(...)} the constructor calls, not in the constructor): one slot per
   * thread id modulo {@link #START_SLOTS}, a cache line apart, each holding the low 48 bits of
   * {@link System#nanoTime()} (78 hours) and the low 16 bits of the thread id. A plain array instead
   * of the thread's {@link Guard}: that is a thread-local lookup, and the constructor's start comes
   * right after the previous system call, which on a kernel with page-table isolation and no PCID
   * has flushed the TLB, so every page it touches costs a page walk.
   */
  private static final int START_SLOTS = 1024;

  private static final int SLOT_STRIDE = 8;
  private static final long LOW_48 = (1L << 48) - 1;
  private static final long[] OPEN_STARTS = new long[START_SLOTS * SLOT_STRIDE];
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

  /** The file channel's lock field, the same name the instrumentation matches. */
  static final String CHANNEL_LOCK = "positionLock";

  /** Getter of {@link #CHANNEL_LOCK}, made at the first transfer between channels. */
  private static volatile MethodHandle channelLock;

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
    GUARD.get().depth++;
  }

  /** Ends one {@link #suppress()}. */
  public static void unsuppress() {
    Guard guard = GUARD.get();
    if (guard.depth > 0) {
      guard.depth--;
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
    FileOp op = track(s, GUARD.get(), path, mode, startNanos);
    if (op != null) {
      OPEN.putIfAbsent(handle, op);
    }
  }

  /**
   * Where the handle's class has a private lock object (see {@link FileOp}): the constructor
   * returned and the lock field holds {@code lock}. Returns what the field holds from now on, a new
   * {@link FileOp} when the path is tracked, else {@code lock} itself.
   */
  public static Object openedWithLock(String path, int mode, long startNanos, Object lock) {
    FileIoSink s = sink;
    if (s == null || path == null || lock == null) {
      return lock;
    }
    FileOp op = track(s, GUARD.get(), path, mode, startNanos);
    return op != null ? op : lock;
  }

  /**
   * {@link System#nanoTime()}, also noted as the start of the open under way on this thread, so a
   * failing open can be timed without a clock read of its own. Noted even without a sink: one may be
   * installed before the constructor returns.
   */
  public static long openStart() {
    long now = System.nanoTime();
    noteOpenStart(Thread.currentThread().getId(), now);
    return now;
  }

  static void noteOpenStart(long threadId, long now) {
    SLOT.setOpaque(
        OPEN_STARTS, ((int) threadId & (START_SLOTS - 1)) * SLOT_STRIDE, (now & LOW_48) | (threadId << 48));
  }

  /**
   * The start this thread noted, or {@code now} when another thread with the same slot (an id equal
   * modulo 1,024) has written it since: the failure is then timed as taking no time.
   */
  static long openStartOf(long threadId, long now) {
    long noted = (long) SLOT.getOpaque(OPEN_STARTS, ((int) threadId & (START_SLOTS - 1)) * SLOT_STRIDE);
    if ((noted >>> 48) != (threadId & 0xFFFF)) {
      return now;
    }
    return now - ((now - noted) & LOW_48);
  }

  private static FileOp track(FileIoSink s, Guard guard, String path, int mode, long startNanos) {
    if (guard.depth > 0 || guard.agent) {
      return null;
    }
    guard.depth++;
    try {
      Object state = s.opened(path, mode);
      return state == null ? null : new FileOp(state, mode, startNanos);
    } finally {
      guard.depth--;
    }
  }

  /** A constructor threw: nothing was opened; it began at this thread's last {@link #openStart()}. */
  public static void openFailed(String path, int mode, Throwable thrown) {
    FileIoSink s = sink;
    if (s == null || path == null) {
      return;
    }
    Guard guard = GUARD.get();
    if (guard.depth > 0 || guard.agent) {
      return;
    }
    guard.depth++;
    try {
      s.openFailed(path, mode, openStartOf(Thread.currentThread().getId(), System.nanoTime()), thrown);
    } finally {
      guard.depth--;
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
      FileOp shared = parentOp(parent);
      if (shared != null) {
        OPEN.putIfAbsent(channel, shared);
      }
      return;
    }
    opened(channel, path, (readable ? MODE_READ : 0) | (writable ? MODE_WRITE : 0), startNanos);
  }

  /** {@link #channelOpened} for a channel whose lock field holds {@code lock}; see {@link #openedWithLock}. */
  public static Object channelOpenedWithLock(
      String path, boolean readable, boolean writable, Object parent, long startNanos, Object lock) {
    if (sink == null || lock == null) {
      return lock;
    }
    if (parent != null) {
      FileOp shared = parentOp(parent);
      return shared != null ? FileOp.alias(shared) : lock;
    }
    return openedWithLock(path, (readable ? MODE_READ : 0) | (writable ? MODE_WRITE : 0), startNanos, lock);
  }

  /**
   * A stream with a lock field is about to get its channel: the channel's constructor cannot read
   * the stream's private field, so the op is handed over on this thread. Returns what {@link
   * #channelRequested} restores.
   */
  public static Object channelRequested(Object streamLock) {
    if (!(streamLock instanceof FileOp)) {
      return null;
    }
    Guard guard = GUARD.get();
    FileOp before = guard.parent;
    guard.parent = (FileOp) streamLock;
    return before;
  }

  /** The stream's getChannel returned; {@code token} is what {@link #channelRequested} returned. */
  public static void channelReturned(Object streamLock, Object token) {
    if (streamLock instanceof FileOp) {
      GUARD.get().parent = (FileOp) token;
    }
  }

  private static FileOp parentOp(Object parent) {
    FileOp handedOver = GUARD.get().parent;
    return handedOver != null ? handedOver : OPEN.get(parent);
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

  /** {@link #read} on a handle whose lock field holds {@code lock}. */
  public static void readWithLock(Object lock, long n) {
    if (n > 0 && lock instanceof FileOp) {
      FileOp op = ((FileOp) lock).op();
      if (op.transfers == 0) {
        op.addRead(n);
      }
    }
  }

  /** {@link #wrote} on a handle whose lock field holds {@code lock}. */
  public static void wroteWithLock(Object lock, long n) {
    if (n > 0 && lock instanceof FileOp) {
      FileOp op = ((FileOp) lock).op();
      if (op.transfers == 0) {
        op.addWritten(n);
      }
    }
  }

  /** {@link #failed} on a handle whose lock field holds {@code lock}. */
  public static void failedWithLock(Object lock, Throwable thrown) {
    if (lock instanceof FileOp) {
      ((FileOp) lock).op().failed(thrown);
    }
  }

  /**
   * Woven into the close of a stream or random-access file with a lock field, just before the JDK
   * sets its {@code closed} field inside its lock: the one thread that gets here per handle will
   * end the op (see {@link FileOp#closing()}).
   */
  public static void closing(Object lock) {
    if (lock instanceof FileOp) {
      ((FileOp) lock).op().closing();
    }
  }

  /** {@link #closed} of a handle whose lock field holds {@code lock}. */
  public static void closedWithLock(Object lock) {
    if (lock instanceof FileOp) {
      end(((FileOp) lock).op());
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
    return transfer(OPEN.get(source), OPEN.get(target));
  }

  /**
   * {@link #transferEnter} between channels with lock fields. Advice reads only its own instance's
   * fields, so the channel class hands over its lookup ({@code MethodHandles.lookup()} taken inside
   * it), used once for a getter of the lock field that then reads {@code other}'s.
   */
  public static Object transferEnterWithLock(
      Object ownLock, Object other, MethodHandles.Lookup channelClass, boolean ownIsSource) {
    if (sink == null) {
      return null;
    }
    FileOp own = ownLock instanceof FileOp ? ((FileOp) ownLock).op() : null;
    FileOp theirs = null;
    if (other != null && other.getClass() == channelClass.lookupClass()) {
      Object otherLock = lockOf(other, channelClass);
      theirs = otherLock instanceof FileOp ? ((FileOp) otherLock).op() : null;
    }
    return ownIsSource ? transfer(own, theirs) : transfer(theirs, own);
  }

  private static Object lockOf(Object channel, MethodHandles.Lookup channelClass) {
    try {
      MethodHandle getter = channelLock;
      if (getter == null || getter.type().parameterType(0) != channelClass.lookupClass()) {
        getter = channelClass.findGetter(channelClass.lookupClass(), CHANNEL_LOCK, Object.class);
        channelLock = getter;
      }
      return getter.invoke(channel);
    } catch (Throwable t) {
      return null;
    }
  }

  private static Object transfer(FileOp from, FileOp to) {
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
    end(OPEN.remove(handle));
  }

  private static void end(FileOp op) {
    if (op == null || !op.close()) {
      return;
    }
    FileIoSink s = sink;
    if (s == null) {
      return;
    }
    // unguarded: a sink that may do file I/O while ending an op suppresses it itself (see FileIoSink)
    s.closed(op, System.nanoTime());
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
    Guard guard = GUARD.get();
    if (guard.depth++ > 0 || guard.agent) {
      return SUPPRESSED;
    }
    Object token = s.operationEnter(operation(name), first, second);
    return token == null ? SUPPRESSED : token;
  }

  public static void operationExit(Object token, long startNanos, Object returned, Throwable thrown) {
    if (token == null) {
      return;
    }
    Guard guard = GUARD.get();
    try {
      FileIoSink s = sink;
      if (token != SUPPRESSED && s != null) {
        s.operationExit(token, startNanos, returned, thrown);
      }
    } finally {
      guard.depth--;
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
