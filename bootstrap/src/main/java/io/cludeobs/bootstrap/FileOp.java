package io.cludeobs.bootstrap;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * One open file handle from open to close: the bytes read and written through it, its first
 * error, and the agent's state for it. Shared by a stream and the channel obtained from it.
 *
 * <p>Where the JDK class has a private lock object ({@code closeLock} of the file streams and
 * {@code RandomAccessFile}, {@code positionLock} of the file channel), the advice replaces that
 * object with a {@code FileOp} when the handle is constructed, so reads and closes reach their
 * state with one field load instead of a table lookup. That is safe because the JDK only ever
 * uses those fields as monitors ({@code synchronized} and {@code Thread.holdsLock}), which works on
 * any object, and the replacement happens inside the constructor before any thread can have locked
 * the original. Agent code never synchronizes on a {@code FileOp}, so the JDK's locking is exactly
 * what it was. A channel obtained from a tracked stream gets its own alias (a distinct monitor, as
 * before) that points to the stream's {@code FileOp}.
 */
public final class FileOp {

  private static final AtomicLongFieldUpdater<FileOp> OWN_READ =
      AtomicLongFieldUpdater.newUpdater(FileOp.class, "ownRead");
  private static final AtomicLongFieldUpdater<FileOp> SHARED_READ =
      AtomicLongFieldUpdater.newUpdater(FileOp.class, "sharedRead");
  private static final AtomicLongFieldUpdater<FileOp> OWN_WRITTEN =
      AtomicLongFieldUpdater.newUpdater(FileOp.class, "ownWritten");
  private static final AtomicLongFieldUpdater<FileOp> SHARED_WRITTEN =
      AtomicLongFieldUpdater.newUpdater(FileOp.class, "sharedWritten");
  private static final AtomicReferenceFieldUpdater<FileOp, Object> CLOSER =
      AtomicReferenceFieldUpdater.newUpdater(FileOp.class, Object.class, "closer");

  /** What {@link #closer} holds once the op has ended. */
  private static final Object ENDED = new Object();

  /** For an alias: the op it stands for; null for an op itself. */
  private final FileOp target;

  private final Object state;
  private final int mode;
  private final long startNanos;

  /**
   * The thread that opened the handle. Its reads and writes add to {@link #ownRead} and {@link
   * #ownWritten}, which only it writes, with plain release stores; other threads add to the shared
   * counts with atomic adds. A handle is nearly always used by the thread that opened it, and the
   * atomic add (a locked instruction) would be a sixth of what the agent adds to a small read.
   */
  private final Thread owner;

  private volatile long ownRead;
  private volatile long ownWritten;
  private volatile long sharedRead;
  private volatile long sharedWritten;

  /**
   * Null while open; the thread that won the JDK's own close (see {@link #closing()}); {@link
   * #ENDED} once the op has ended.
   */
  private volatile Object closer;

  /** Above zero while a transfer counts its bytes itself, so the reads and writes inside it do not. */
  volatile int transfers;

  private volatile Throwable error;

  FileOp(Object state, int mode, long startNanos) {
    this.target = null;
    this.state = state;
    this.mode = mode;
    this.startNanos = startNanos;
    this.owner = Thread.currentThread();
  }

  private FileOp(FileOp target) {
    this.target = target;
    this.state = target.state;
    this.mode = target.mode;
    this.startNanos = target.startNanos;
    this.owner = target.owner;
  }

  /** A distinct lock object for a second handle (a stream's channel) that counts into {@code op}. */
  static FileOp alias(FileOp op) {
    return new FileOp(op.op());
  }

  /** The op that counts: this one, or the one this alias stands for. */
  FileOp op() {
    FileOp t = target;
    return t == null ? this : t;
  }

  /** What {@link FileIoSink#opened} returned for this handle. */
  public Object state() {
    return state;
  }

  /** The mode it was opened with, one of the {@code FileIo.MODE_*} constants. */
  public int mode() {
    return mode;
  }

  /** {@link System#nanoTime()} when opening began. */
  public long startNanos() {
    return startNanos;
  }

  public long readBytes() {
    return ownRead + sharedRead;
  }

  public long writtenBytes() {
    return ownWritten + sharedWritten;
  }

  /** The first exception a read, write or transfer on this handle threw, or null. */
  public Throwable error() {
    return error;
  }

  void addRead(long n) {
    if (Thread.currentThread() == owner) {
      OWN_READ.lazySet(this, ownRead + n);
    } else {
      SHARED_READ.addAndGet(this, n);
    }
  }

  void addWritten(long n) {
    if (Thread.currentThread() == owner) {
      OWN_WRITTEN.lazySet(this, ownWritten + n);
    } else {
      SHARED_WRITTEN.addAndGet(this, n);
    }
  }

  void failed(Throwable t) {
    if (error == null) {
      error = t;
    }
  }

  /**
   * The JDK's close of a stream or random-access file is about to set its {@code closed} field, on
   * this thread. The JDK does that under its lock (this op) and only once per handle, and every
   * later close reads the field (a volatile) first, so whoever reaches the end of a close sees this
   * thread here.
   */
  void closing() {
    if (closer == null) {
      CLOSER.lazySet(this, Thread.currentThread());
    }
  }

  /**
   * True exactly once: for the first close of the stream or of a channel sharing it. When the JDK's
   * close named the closing thread ({@link #closing()}), that thread ends the op with plain stores
   * and every other sees it is not theirs; handles closed without it (channels of their own, JDK
   * classes of another shape) take a compare-and-set.
   */
  boolean close() {
    Object c = closer;
    if (c == Thread.currentThread()) {
      CLOSER.lazySet(this, ENDED);
      return true;
    }
    return c == null && CLOSER.compareAndSet(this, null, ENDED);
  }
}
