package bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Export-throughput and memory load: threads calling a woven tool method at a fixed total rate, or a batch of
 * tasks through a thread pool; prints {@code key=value} lines and asserts nothing.
 *
 * <p>Modes:
 *
 * <ul>
 *   <li>{@code rate <spans/s> <seconds> <threads>}: each thread calls {@link Tool#call} on its own schedule (start +
 *       i * threads / rate), sleeping in ticks of at least {@link #TICK_NANOS}: the calls that fall due during a
 *       tick are made back to back when it ends, so a thread wakes about a thousand times a second whatever the
 *       rate (sleeping or spinning until each call, as before, made the four load threads use more CPU than the
 *       agent and the receiver they share two cores with). A thread that falls behind calls without waiting
 *       until it is back on schedule. The
 *       load is preceded by two seconds at a tenth of the rate (exporter warm-up), and its first second is warm-up
 *       too ({@code loadgen.warmup.seconds}): those calls are made and counted in {@code produced} but not timed. Every later call
 *       is timed on the app thread. Prints {@code produced}, the achieved rate of the timed part, the calls more
 *       than {@link #LATE_NANOS} late (beyond the tick and the wake-up's own delay) and the latency percentiles.
 *   <li>{@code spans <count> <spans/s> <threads>}: {@code rate} until {@code count} calls are made, then the heap
 *       used after full GC ({@code heap_after_gc_bytes}).
 *   <li>{@code tasks <count>}: {@code count} tasks submitted to a two-thread pool from {@link Tool#submit} (a method
 *       the agents trace, so every task carries a context), then the heap used after full GC.
 * </ul>
 */
public final class LoadGen {
  /** The untimed start of the load ({@code loadgen.warmup.seconds}, default 1). */
  private static final long WARMUP_NANOS =
      (long) (Double.parseDouble(System.getProperty("loadgen.warmup.seconds", "1")) * 1e9);
  /** The shortest sleep of a load thread. */
  static final long TICK_NANOS = 1_000_000L;
  /** A call this far behind its time counts as late: the generator (or the machine) could not keep the rate. */
  static final long LATE_NANOS = 2_000_000L;

  private LoadGen() {}

  /** The methods the agents instrument. */
  public static final class Tool {
    static volatile long sink;

    public long call(long x) {
      long h = (x ^ 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
      return h ^ (h >>> 31);
    }

    public void submit(ExecutorService pool, Runnable task, int n) {
      for (int i = 0; i < n; i++) {
        pool.execute(task);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "";
    switch (mode) {
      case "rate":
        rate(Double.parseDouble(args[1]), Long.parseLong(args[2]) * 1_000_000_000L, Integer.parseInt(args[3]),
            Long.MAX_VALUE, true);
        break;
      case "spans":
        rate(Double.parseDouble(args[2]), Long.MAX_VALUE, Integer.parseInt(args[3]), Long.parseLong(args[1]), false);
        printHeap();
        break;
      case "tasks":
        tasks(Integer.parseInt(args[1]));
        printHeap();
        break;
      default:
        System.err.println("usage: LoadGen rate <spans/s> <seconds> <threads> | spans <count> <spans/s> <threads>"
            + " | tasks <count>");
        System.exit(2);
    }
  }

  private static void rate(double perSecond, long durationNanos, int threads, long totalCalls, boolean timed)
      throws InterruptedException {
    waitForAgentStart();
    Tool tool = new Tool();
    long prewarmed = prewarm(tool, perSecond);
    double periodNanos = 1e9 * threads / perSecond;
    long perThreadCalls = totalCalls == Long.MAX_VALUE ? Long.MAX_VALUE : (totalCalls + threads - 1) / threads;
    // Latencies per thread, a slot per call up to the expected count; the rest are counted but not kept.
    int keep = timed ? (int) Math.min(20_000_000L / threads,
        (long) (durationNanos / 1e9 * perSecond / threads) + 1) : 0;
    long[][] latencies = new long[threads][keep];
    long[] made = new long[threads];
    int[] kept = new int[threads];
    long[] behind = new long[threads];
    Thread[] workers = new Thread[threads];
    long start = System.nanoTime() + 50_000_000L;
    // The first second runs on the same schedule but is not timed: it warms up the call site, and its spans are
    // produced (and counted) like the rest, so the receiver's count can be compared with the total.
    long timedFrom = start + (timed ? WARMUP_NANOS : 0L);
    long end = durationNanos == Long.MAX_VALUE ? Long.MAX_VALUE : timedFrom + durationNanos;
    for (int t = 0; t < threads; t++) {
      final int id = t;
      workers[t] = new Thread(() -> {
        long[] lat = latencies[id];
        long acc = 0;
        long i = 0;
        long late = 0;
        int recorded = 0;
        while (i < perThreadCalls) {
          long due = start + (long) ((i + id / (double) threads) * periodNanos);
          if (due >= end) {
            break;
          }
          long now = System.nanoTime();
          while (now < due) {
            LockSupport.parkNanos(Math.max(due - now, TICK_NANOS));
            now = System.nanoTime();
          }
          if (now - due > LATE_NANOS) {
            late++;
          }
          long t0 = System.nanoTime();
          acc += tool.call(i);
          long d = System.nanoTime() - t0;
          if (t0 >= timedFrom && recorded < lat.length) {
            lat[recorded++] = d;
          }
          i++;
        }
        made[id] = i;
        kept[id] = recorded;
        behind[id] = late;
        Tool.sink += acc;
      }, "loadgen-" + t);
      workers[t].start();
    }
    for (Thread w : workers) {
      w.join();
    }
    long elapsed = System.nanoTime() - timedFrom;
    long produced = prewarmed;
    long late = 0;
    for (int t = 0; t < threads; t++) {
      produced += made[t];
      late += behind[t];
    }
    System.out.println("produced=" + produced);
    // Rate over the timed part only, by the schedule: calls due after timedFrom that were made.
    long timedCalls = 0;
    for (int t = 0; t < threads; t++) {
      timedCalls += timed ? kept[t] : made[t];
    }
    System.out.println("timed_calls=" + timedCalls);
    System.out.println("achieved_per_s=" + fmt(timedCalls * 1e9 / elapsed));
    // Calls more than LATE_NANOS behind their schedule: the generator (or the machine) could not keep the rate.
    System.out.println("late_calls=" + late);
    if (timed) {
      int n = 0;
      for (int t = 0; t < threads; t++) {
        n += kept[t];
      }
      long[] all = new long[n];
      int k = 0;
      for (int t = 0; t < threads; t++) {
        System.arraycopy(latencies[t], 0, all, k, kept[t]);
        k += kept[t];
      }
      Arrays.sort(all);
      System.out.println("p50_ns=" + pct(all, 0.50));
      System.out.println("p99_ns=" + pct(all, 0.99));
      System.out.println("p999_ns=" + pct(all, 0.999));
    }
  }

  /**
   * Before the load, one second at 1,000 calls/s, then {@code loadgen.prewarm.seconds} (default 2) at
   * {@code loadgen.prewarm.fraction} (default a tenth) of the rate, at most {@code loadgen.prewarm.max} calls/s (default
   * 10,000), on one thread. The first export of a JVM takes about half a second (loading and compiling the exporter
   * and the HTTP client), and the exporter stays slower than its steady state until the JIT has compiled it: a
   * full-rate burst in that time measures the JIT, not throughput, and even 10,000 calls/s from the start overflowed
   * the export queue during the first export. Returns the calls made; their spans are counted in {@code produced}.
   */
  private static long prewarm(Tool tool, double perSecond) {
    long nanos = (long) (Double.parseDouble(System.getProperty("loadgen.prewarm.seconds", "2")) * 1e9);
    double rate =
        Math.min(perSecond * Double.parseDouble(System.getProperty("loadgen.prewarm.fraction", "0.1")),
            Double.parseDouble(System.getProperty("loadgen.prewarm.max", "10000")));
    return paced(tool, Math.min(1000, rate), 1_000_000_000L, 0) + paced(tool, rate, nanos, 1_000_000);
  }

  /** {@code rate} calls a second for {@code nanos} on this thread, sleeping in ticks; returns the calls made. */
  private static long paced(Tool tool, double rate, long nanos, long firstArg) {
    long period = (long) (1e9 / rate);
    long start = System.nanoTime();
    long i = 0;
    long acc = 0;
    while (true) {
      long due = start + i * period;
      if (due - start >= nanos) {
        break;
      }
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(Math.max(wait, TICK_NANOS));
      }
      acc += tool.call(firstArg + i);
      i++;
    }
    Tool.sink += acc;
    return i;
  }

  // Without this the first calls would race the agent's background start and be woven (or not) mid-run.
  private static void waitForAgentStart() throws InterruptedException {
    long giveUp = System.nanoTime() + 60_000_000_000L;
    while (startThreadAlive() && System.nanoTime() < giveUp) {
      Thread.sleep(20L);
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

  private static void tasks(int count) throws InterruptedException {
    waitForAgentStart();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Tool tool = new Tool();
    int batch = 10_000;
    for (int done = 0; done < count; done += batch) {
      int n = Math.min(batch, count - done);
      CountDownLatch latch = new CountDownLatch(n);
      tool.submit(pool, latch::countDown, n);
      latch.await();
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    System.out.println("tasks=" + count);
  }

  private static void printHeap() throws InterruptedException {
    // Several collections with pauses: weak and soft references and finalizable objects need more than one.
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
    }
    System.out.println("heap_after_gc_bytes=" + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
  }

  private static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }
}
