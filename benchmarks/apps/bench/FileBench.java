package bench;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * File-I/O benchmark app: times batches of two operations on pre-created files, after a warm-up, and prints the median
 * batch cost per operation as {@code read4k_ns=<value>} (open a {@link FileInputStream}, read 4 KiB, close) and
 * {@code readstring_ns=<value>} ({@link Files#readString(Path)} of a 100-byte file), and the same in CPU time of the
 * benchmark thread as {@code read4k_cpu_ns} and {@code readstring_cpu_ns}: on a shared machine the wall time also
 * holds the time spent waiting for a core, the thread's CPU time much less so.
 *
 * <p>With {@code --add-opens java.base/sun.nio.fs=ALL-UNNAMED --add-opens java.base/java.nio=ALL-UNNAMED} it also
 * times a control operation that no agent weaves: the same system calls as read4k (open, fstat, read 4 KiB, close),
 * made through the JDK's internal {@code sun.nio.fs.UnixNativeDispatcher}, in batches interleaved with the other
 * two. It prints {@code control_cpu_ns} and, per operation, the median over the batches of the operation's CPU
 * time minus that of the control batch next to it ({@code read4k_minus_control_cpu_ns}, {@code
 * readstring_minus_control_cpu_ns}). Most of an operation's time is the kernel's, and how fast the kernel and the
 * machine are differs from JVM to JVM by far more than what an agent adds; the control shares that, so its
 * difference moves much less between JVMs than the operation's own time.
 *
 * <p>Arguments: directory for the files, wait mode ({@code clude} waits until the clude-obs core is up, {@code none}
 * does not), then optionally warm-up milliseconds (3000), timed batches per operation (15) and target milliseconds per
 * batch (50).
 */
public final class FileBench {
  private FileBench() {}

  static final int READ_4K = 0;
  static final int READ_STRING = 1;
  static final int CONTROL = 2;
  private static final String[] NAMES = {"read4k", "readstring", "control"};

  // Several distinct files, as an application reads many paths; few enough to stay in the agent's per-path cache
  // and in the page cache.
  private static final int FILES = 64;
  // Operations per call of Task#run: in the traced configurations one trace holds this many file spans.
  private static final int OPS_PER_TASK = 100;

  /** The method the "inside a trace" configurations weave, so that every file operation runs in a sampled trace. */
  public static final class Task {
    private final byte[] buffer = new byte[4096];
    private final File[] bigFiles;
    private final Path[] smallFiles;
    private final Path[] bigPaths;
    private final ByteBuffer direct = ByteBuffer.allocateDirect(4096);

    Task(File[] bigFiles, Path[] smallFiles) {
      this.bigFiles = bigFiles;
      this.smallFiles = smallFiles;
      this.bigPaths = smallPaths(bigFiles);
    }

    public long run(int op, int n, int first) {
      long acc = 0L;
      try {
        if (op == READ_4K) {
          for (int i = 0; i < n; i++) {
            acc += read4k(bigFiles[(first + i) & (FILES - 1)]);
          }
        } else if (op == CONTROL) {
          for (int i = 0; i < n; i++) {
            acc += control4k(bigPaths[(first + i) & (FILES - 1)]);
          }
        } else {
          for (int i = 0; i < n; i++) {
            acc += Files.readString(smallFiles[(first + i) & (FILES - 1)]).length();
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return acc;
    }

    /** read4k's system calls without the classes an agent weaves: open, fstat, read into native memory, close. */
    private long control4k(Path path) throws IOException {
      Control c = control;
      int total = 0;
      try {
        int fd = (int) c.open.invokeExact(path, 0, 0);
        try {
          c.fstat.invokeExact(fd, c.attributes);
          while (total < buffer.length) {
            int n = (int) c.read.invokeExact(fd, c.address(direct) + total, buffer.length - total);
            if (n <= 0) {
              break;
            }
            total += n;
          }
        } finally {
          c.close.invokeExact(fd);
        }
      } catch (IOException | RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IOException(t);
      }
      direct.clear();
      direct.get(buffer, 0, total);
      return total + buffer[total - 1];
    }

    private long read4k(File file) throws IOException {
      int total = 0;
      try (FileInputStream in = new FileInputStream(file)) {
        while (total < buffer.length) {
          int n = in.read(buffer, total, buffer.length - total);
          if (n < 0) {
            break;
          }
          total += n;
        }
      }
      return total + buffer[total - 1];
    }
  }

  /** The internal methods of the control operation, or null when the JVM was not started with the add-opens. */
  static final class Control {
    final MethodHandle open;
    final MethodHandle fstat;
    final MethodHandle read;
    final MethodHandle close;
    final Object attributes;
    private final Field address;

    private Control() throws ReflectiveOperationException {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      Class<?> dispatcher = Class.forName("sun.nio.fs.UnixNativeDispatcher");
      Class<?> unixPath = Class.forName("sun.nio.fs.UnixPath");
      Class<?> attributesType = Class.forName("sun.nio.fs.UnixFileAttributes");
      open = lookup.unreflect(opened(dispatcher.getDeclaredMethod("open", unixPath, int.class, int.class)))
          .asType(MethodType.methodType(int.class, Path.class, int.class, int.class));
      fstat = lookup.unreflect(opened(dispatcher.getDeclaredMethod("fstat", int.class, attributesType)))
          .asType(MethodType.methodType(void.class, int.class, Object.class));
      read = lookup.unreflect(opened(dispatcher.getDeclaredMethod("read", int.class, long.class, int.class)));
      close = lookup.unreflect(opened(dispatcher.getDeclaredMethod("close", int.class)));
      Constructor<?> make = attributesType.getDeclaredConstructor();
      make.setAccessible(true);
      attributes = make.newInstance();
      address = Buffer.class.getDeclaredField("address");
      address.setAccessible(true);
    }

    long address(ByteBuffer buffer) {
      try {
        return address.getLong(buffer);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }

    private static Method opened(Method m) {
      m.setAccessible(true);
      return m;
    }

    static Control tryCreate() {
      try {
        return new Control();
      } catch (ReflectiveOperationException | RuntimeException e) {
        // not opened (InaccessibleObjectException), or a JDK without these internals: no control operation
        return null;
      }
    }
  }

  static Control control;

  // Non-final so the JIT treats the receiver as unknown, as in CallBench.
  static Task task;
  static long sink;
  static int cursor;

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: FileBench <dir> <clude|none> [warmup-ms] [batches] [batch-ms]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    boolean waitForClude = "clude".equals(args[1]);
    long warmupMillis = args.length > 2 ? Long.parseLong(args[2]) : 3000L;
    int batches = args.length > 3 ? Integer.parseInt(args[3]) : 15;
    long batchMillis = args.length > 4 ? Long.parseLong(args[4]) : 50L;

    // Created before Task is loaded: with a task pointcut, loading it may start the clude-obs core on this thread.
    File[] bigFiles = createFiles(dir, "big", 4096);
    Path[] smallFiles = smallPaths(createFiles(dir, "small", 100));
    task = new Task(bigFiles, smallFiles);
    control = Control.tryCreate();
    int ops = control != null ? 3 : 2;
    long waitedMillis = waitForCore(waitForClude);

    // Warm-up alternates the two operations until the deadline; its second half calibrates the batch sizes.
    long[] calls = new long[ops];
    long[] nanos = new long[ops];
    long start = System.nanoTime();
    long half = start + warmupMillis * 500_000L;
    long deadline = start + warmupMillis * 1_000_000L;
    long now = start;
    do {
      for (int op = 0; op < ops; op++) {
        long t0 = System.nanoTime();
        sink += runOps(op, 2 * OPS_PER_TASK);
        now = System.nanoTime();
        if (t0 >= half) {
          calls[op] += 2 * OPS_PER_TASK;
          nanos[op] += now - t0;
        }
      }
    } while (now < deadline);

    int[] batchOps = new int[ops];
    double[][] nsPerOp = new double[ops][batches];
    double[][] cpuNsPerOp = new double[ops][batches];
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int op = 0; op < ops; op++) {
      double warmNs = calls[op] == 0L ? 10_000.0 : (double) nanos[op] / calls[op];
      // A whole number of tasks, so every operation of a traced batch runs inside a task.
      long tasks = Math.max(1L, (long) (batchMillis * 1_000_000L / warmNs) / OPS_PER_TASK);
      batchOps[op] = (int) Math.min(tasks * OPS_PER_TASK, 1_000_000L);
    }
    // Batches of the operations interleave, so that load changes during the run hit them alike.
    for (int b = 0; b < batches; b++) {
      for (int op = 0; op < ops; op++) {
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        sink += runOps(op, batchOps[op]);
        long t1 = System.nanoTime();
        long c1 = threads.getCurrentThreadCpuTime();
        nsPerOp[op][b] = (double) (t1 - t0) / batchOps[op];
        cpuNsPerOp[op][b] = (double) (c1 - c0) / batchOps[op];
      }
    }

    System.out.println("waited_ms=" + waitedMillis + " batches=" + batches + " sink=" + (sink & 0xFF));
    for (int op = 0; op < ops; op++) {
      double[] sorted = nsPerOp[op].clone();
      Arrays.sort(sorted);
      System.out.println(NAMES[op] + "_batch_ops=" + batchOps[op] + " min=" + fmt(sorted[0])
          + " max=" + fmt(sorted[batches - 1]));
      System.out.println(NAMES[op] + "_ns=" + fmt(median(nsPerOp[op])));
      System.out.println(NAMES[op] + "_cpu_ns=" + fmt(median(cpuNsPerOp[op])));
    }
    for (int op = 0; control != null && op < CONTROL; op++) {
      double[] minusControl = new double[batches];
      for (int b = 0; b < batches; b++) {
        minusControl[b] = cpuNsPerOp[op][b] - cpuNsPerOp[CONTROL][b];
      }
      System.out.println(NAMES[op] + "_minus_control_cpu_ns=" + fmt(median(minusControl)));
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  /** Runs {@code n} operations (a multiple of the task size) as calls of the possibly woven {@link Task#run}. */
  private static long runOps(int op, int n) {
    Task t = task;
    long acc = 0L;
    for (int done = 0; done < n; done += OPS_PER_TASK) {
      acc += t.run(op, OPS_PER_TASK, cursor);
      cursor += OPS_PER_TASK;
    }
    return acc;
  }

  /**
   * With clude-obs, the core (and the file-I/O instrumentation with it) starts on a background thread after premain.
   * Its bootstrap class appearing, then the start thread ending, shows it is up; this looks without calling into it,
   * so the timed code sees the agent exactly as an application does. A final 200 ms pause, in every configuration
   * alike, lets the agent's start-up work end; the untimed warm-up that follows recompiles the retransformed JDK
   * classes.
   */
  private static long waitForCore(boolean waitForClude) throws InterruptedException {
    long t0 = System.nanoTime();
    if (waitForClude) {
      long giveUp = t0 + 60_000_000_000L;
      while (!bootstrapClassPresent() || startThreadAlive()) {
        if (System.nanoTime() > giveUp) {
          System.err.println("FileBench: the clude-obs core did not come up within 60 s (no "
              + "io.cludeobs.bootstrap.FileIo, or clude-obs-start still running); check that file-io is enabled");
          System.exit(3);
        }
        Thread.sleep(20L);
      }
    }
    Thread.sleep(200L);
    return (System.nanoTime() - t0) / 1_000_000L;
  }

  private static boolean bootstrapClassPresent() {
    try {
      Class.forName("io.cludeobs.bootstrap.FileIo", false, null);
      return true;
    } catch (ClassNotFoundException notYet) {
      return false;
    }
  }

  private static boolean startThreadAlive() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if ("clude-obs-start".equals(t.getName())) {
        return true;
      }
    }
    return false;
  }

  private static File[] createFiles(Path dir, String prefix, int size) throws IOException {
    Files.createDirectories(dir);
    byte[] content = new byte[size];
    Arrays.fill(content, (byte) 'x');
    content[size - 1] = '\n';
    File[] files = new File[FILES];
    for (int i = 0; i < FILES; i++) {
      Path p = dir.resolve(prefix + "-" + i + ".txt");
      Files.write(p, content);
      files[i] = p.toFile();
    }
    return files;
  }

  private static Path[] smallPaths(File[] files) {
    Path[] paths = new Path[files.length];
    for (int i = 0; i < files.length; i++) {
      paths[i] = files[i].toPath();
    }
    return paths;
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.2f", v);
  }
}
