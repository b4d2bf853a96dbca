import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * Nanoseconds per task submitted to a pool and run to completion, for a ThreadPoolExecutor, a
 * ForkJoinPool and virtual threads: the process's CPU time (all threads: submitter, workers, and
 * any agent thread) and the wall-clock time of the batch. CPU time is the main figure: on a shared
 * machine wall time mostly measures when the scheduler lets the workers run. Each batch of tasks is submitted from
 * inside {@link #traced} (the method the agents are told to trace, so a context is current and
 * must travel with every task) or from {@link #untraced} (no context: the agents' cost on the
 * no-trace path). Prints one line per pool and mode: {@code RESULT <pool> <mode> <median ns/task>}.
 *
 * <p>usage: java ExecutorBench [tasks-per-batch=20000] [warmup-ms=2000] [measure-ms=3000]
 */
public final class ExecutorBench {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private static int tasks;

  public static void main(String[] args) throws Exception {
    tasks = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    long warmupMs = args.length > 1 ? Long.parseLong(args[1]) : 2_000;
    long measureMs = args.length > 2 ? Long.parseLong(args[2]) : 3_000;
    String[] pools = {"ThreadPoolExecutor", "ForkJoinPool", "VirtualThreads"};
    for (String pool : pools) {
      ExecutorService executor = create(pool);
      try {
        for (String mode : new String[] {"traced", "untraced"}) {
          long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(warmupMs);
          while (System.nanoTime() < end) {
            batch(executor, mode);
          }
          // one long window: the process CPU clock ticks too coarsely to time a single batch
          long done = 0;
          long cpu0 = OS.getProcessCpuTime();
          long wall0 = System.nanoTime();
          long stop = wall0 + TimeUnit.MILLISECONDS.toNanos(measureMs);
          while (System.nanoTime() < stop) {
            batch(executor, mode);
            done += tasks;
          }
          double wall = (System.nanoTime() - wall0) / (double) done;
          double cpu = (OS.getProcessCpuTime() - cpu0) / (double) done;
          System.out.printf("RESULT %s %s %.1f %.1f%n", pool, mode, cpu, wall);
        }
      } finally {
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  private static ExecutorService create(String pool) throws Exception {
    switch (pool) {
      case "ThreadPoolExecutor":
        return Executors.newFixedThreadPool(2);
      case "ForkJoinPool":
        return new ForkJoinPool(2);
      default:
        // Java 21+: looked up so the harness compiles and the other pools run on older JDKs
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }
  }

  private static long batch(ExecutorService executor, String mode) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(tasks);
    long t0 = System.nanoTime();
    if (mode.equals("traced")) {
      traced(executor, done);
    } else {
      untraced(executor, done);
    }
    done.await();
    return System.nanoTime() - t0;
  }

  /** Traced by both agents: every task submitted here carries the batch's context. */
  public static void traced(ExecutorService executor, CountDownLatch done) {
    submitAll(executor, done);
  }

  /** Never traced: no context to carry. */
  public static void untraced(ExecutorService executor, CountDownLatch done) {
    submitAll(executor, done);
  }

  private static void submitAll(ExecutorService executor, CountDownLatch done) {
    Runnable task = done::countDown;
    for (int i = 0; i < tasks; i++) {
      executor.execute(task);
    }
  }
}
