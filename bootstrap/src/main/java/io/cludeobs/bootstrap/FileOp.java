package io.cludeobs.bootstrap;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * One open file handle from open to close: the bytes read and written through it, its first
 * error, and the agent's state for it. Shared by a stream and the channel obtained from it.
 */
public final class FileOp {

  private static final AtomicLongFieldUpdater<FileOp> READ =
      AtomicLongFieldUpdater.newUpdater(FileOp.class, "readBytes");
  private static final AtomicLongFieldUpdater<FileOp> WRITTEN =
      AtomicLongFieldUpdater.newUpdater(FileOp.class, "writtenBytes");
  private static final AtomicIntegerFieldUpdater<FileOp> CLOSED =
      AtomicIntegerFieldUpdater.newUpdater(FileOp.class, "closed");

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
    this.state = state;
    this.mode = mode;
    this.startNanos = startNanos;
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
