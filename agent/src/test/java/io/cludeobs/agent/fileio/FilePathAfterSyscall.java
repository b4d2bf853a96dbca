package io.cludeobs.agent.fileio;

import io.cludeobs.bootstrap.FileIo;
import java.io.File;
import java.io.RandomAccessFile;
import java.util.Arrays;

/**
 * The agent's path of {@link FilePathBench#openReadClose} in four parts, each timed right after a
 * cheap system call ({@code lseek} through {@link RandomAccessFile#getFilePointer()}), the way it
 * runs in an application between the open, read and close system calls. On a kernel with page-table isolation
 * and no PCID every system call flushes the TLB, so this counts the pages of data and code the path
 * touches, which the JMH loop (all pages cached) does not. Each sample is the path timed inside, so
 * the system call's own variance stays out; the empty timing is subtracted. Run by hand:
 * {@code java -cp <test classpath> io.cludeobs.agent.fileio.FilePathAfterSyscall [batches]}.
 */
public final class FilePathAfterSyscall {

  private FilePathAfterSyscall() {}

  /** Per part, with the path (0..3) and empty (4..7), over the measured batches. */
  static final long[] SEGMENTS = new long[8];

  public static void main(String[] args) throws Exception {
    int batches = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int perBatch = 20_000;
    FilePathBench bench = new FilePathBench();
    FilePathBench.Installed s = new FilePathBench.Installed();
    s.setUp();
    File tmp = File.createTempFile("clude-obs-syscall", ".bin");
    tmp.deleteOnExit();
    long sink = 0;
    double[] path = new double[batches];
    double[] empty = new double[batches];
    try (RandomAccessFile raf = new RandomAccessFile(tmp, "r")) {
      for (int warm = 0; warm < 5; warm++) {
        sink += run(bench, s, raf, perBatch, true) + run(bench, s, raf, perBatch, false);
      }
      Arrays.fill(SEGMENTS, 0);
      for (int b = 0; b < batches; b++) {
        path[b] = run(bench, s, raf, perBatch, true) / (double) perBatch;
        empty[b] = run(bench, s, raf, perBatch, false) / (double) perBatch;
      }
    } finally {
      s.tearDown();
    }
    double[] diff = new double[batches];
    for (int b = 0; b < batches; b++) {
      diff[b] = path[b] - empty[b];
    }
    Arrays.sort(diff);
    Arrays.sort(path);
    Arrays.sort(empty);
    System.out.printf(
        "after a system call: path %.1f ns, empty timing %.1f ns, path minus empty: median %.1f ns (quartiles %.1f..%.1f)%n",
        path[batches / 2], empty[batches / 2], diff[batches / 2], diff[batches / 4], diff[3 * batches / 4]);
    long ops = (long) batches * perBatch;
    System.out.printf(
        "per part, minus empty: enter %.1f, open exit %.1f, read and mark %.1f, close exit %.1f ns%n",
        (SEGMENTS[0] - SEGMENTS[4]) / (double) ops,
        (SEGMENTS[1] - SEGMENTS[5]) / (double) ops,
        (SEGMENTS[2] - SEGMENTS[6]) / (double) ops,
        (SEGMENTS[3] - SEGMENTS[7]) / (double) ops);
    if (sink == 42) {
      System.out.println();
    }
  }

  /**
   * One open, 4 KiB read and close as the woven stream makes its calls, with a system call where the
   * stream makes one (before the open's exit, the read's exit and the close's exit, and the previous
   * close before the next open's enter); only the agent's calls are timed.
   */
  private static long run(FilePathBench bench, FilePathBench.Installed s, RandomAccessFile raf, int n, boolean withPath)
      throws Exception {
    long total = 0;
    long[] seg = SEGMENTS;
    for (int i = 0; i < n; i++) {
      String path = s.paths[s.next++ & (s.paths.length - 1)];
      raf.getFilePointer();
      long t0 = System.nanoTime();
      long start = 0;
      if (withPath) {
        start = FileIo.openStart();
      }
      long d0 = System.nanoTime() - t0;
      total += d0;
      seg[0 + (withPath ? 0 : 4)] += d0;
      raf.getFilePointer();
      t0 = System.nanoTime();
      Object lock = s.lock;
      if (withPath) {
        lock = FileIo.openedWithLock(path, FileIo.MODE_READ, start, s.lock);
      }
      long d1 = System.nanoTime() - t0;
      total += d1;
      seg[1 + (withPath ? 0 : 4)] += d1;
      raf.getFilePointer();
      t0 = System.nanoTime();
      if (withPath) {
        FileIo.readWithLock(lock, 4096);
        FileIo.closing(lock);
      }
      long d2 = System.nanoTime() - t0;
      total += d2;
      seg[2 + (withPath ? 0 : 4)] += d2;
      raf.getFilePointer();
      t0 = System.nanoTime();
      if (withPath) {
        FileIo.closedWithLock(lock);
      }
      long d3 = System.nanoTime() - t0;
      total += d3;
      seg[3 + (withPath ? 0 : 4)] += d3;
    }
    return total;
  }
}
