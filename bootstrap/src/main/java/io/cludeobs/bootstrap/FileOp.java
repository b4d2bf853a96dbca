package io.cludeobs.bootstrap;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

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

  private static final AtomicLongFieldUpdater<FileOp> READ =
      AtomicLongFieldUpdater.newUpdater(FileOp.class, "readBytes");
  private static final AtomicLongFieldUpdater<FileOp> WRITTEN =
      AtomicLongFieldUpdater.newUpdater(FileOp.class, "writtenBytes");
  private static final AtomicIntegerFieldUpdater<FileOp> CLOSED =
      AtomicIntegerFieldUpdater.newUpdater(FileOp.class, "closed");

  /** For an alias: the op it stands for; null for an op itself. */
  private final FileOp target;

  private final Object state;
  private final int mode;
  private final long startNanos;
  private volatile long readBytes;
  private volatile long writtenBytes;
  private volatile int closed;
  /** Above zero while a transfer counts its bytes itself, so the reads and writes inside it do not. */
  volatile int transfers;

  private volatile Throwable error;

  FileOp(Object state, int mode, long startNanos) {
    this.target = null;
    this.state = state;
    this.mode = mode;
    this.startNanos = startNanos;
  }

  private FileOp(FileOp target) {
    this.target = target;
    this.state = target.state;
    this.mode = target.mode;
    this.startNanos = target.startNanos;
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
    return readBytes;
  }

  public long writtenBytes() {
    return writtenBytes;
  }

  /** The first exception a read, write or transfer on this handle threw, or null. */
  public Throwable error() {
    return error;
  }

  void addRead(long n) {
    READ.addAndGet(this, n);
  }

  void addWritten(long n) {
    WRITTEN.addAndGet(this, n);
  }

  void failed(Throwable t) {
    if (error == null) {
      error = t;
    }
  }

  /** True exactly once: for the first close of the stream or of a channel sharing it. */
  boolean close() {
    return CLOSED.compareAndSet(this, 0, 1);
  }
}
