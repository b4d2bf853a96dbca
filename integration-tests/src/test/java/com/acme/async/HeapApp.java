package com.acme.async;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pushes many tasks through one pool kind inside one traced task, then prints the heap still used
 * after GC compared with before: what the agent keeps for tasks that are done. Arguments: the
 * number of tasks, then pool kinds ({@code threadPool}, {@code forkJoin}, {@code completableFuture},
 * {@code virtual}).
 */
public final class HeapApp {

  private static final int BATCH = 10_000;
  static final LongAdder RAN = new LongAdder();

  private HeapApp() {}

  public static void main(String[] args) throws Exception {
    int tasks = Integer.parseInt(args[0]);
    for (int i = 1; i < args.length; i++) {
      String kind = args[i];
      ExecutorService pool = pool(kind);
      // warm up untraced, so classes and pool threads exist before the baseline
      new HeapRun(pool, kind).push(BATCH);
      long before = usedAfterGc();
      RAN.reset();
      new HeapRun(pool, kind).traced(tasks);
      long after = usedAfterGc();
      pool.shutdown();
      System.out.println("heap-app " + kind + " ran " + RAN.sum() + " retained " + (after - before));
    }
  }

  private static ExecutorService pool(String kind) throws Exception {
    switch (kind) {
      case "threadPool":
      case "completableFuture":
        return Executors.newFixedThreadPool(2);
      case "forkJoin":
        return new ForkJoinPool(2);
      case "virtual":
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
      default:
        throw new IllegalArgumentException("unknown pool kind " + kind);
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      // the agent's cleaner drains collected keys from its maps between collections
      Thread.sleep(300);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** One run of tasks; {@code traced} is selected by the task pointcut. */
  public static final class HeapRun {
    private final ExecutorService pool;
    private final String kind;

    HeapRun(ExecutorService pool, String kind) {
      this.pool = pool;
      this.kind = kind;
    }

    public void traced(int tasks) throws Exception {
      push(tasks);
    }

    void push(int tasks) throws Exception {
      for (int done = 0; done < tasks; done += BATCH) {
        int n = Math.min(BATCH, tasks - done);
        CountDownLatch latch = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
          submit(latch);
        }
        latch.await();
      }
    }

    private void submit(CountDownLatch latch) {
      switch (kind) {
        case "forkJoin":
          ((ForkJoinPool) pool).execute(new Step(latch));
          break;
        case "completableFuture":
          CompletableFuture<Integer> source = new CompletableFuture<>();
          // a stage waiting on the completing thread, then an async hop through the pool
          source.thenApply(x -> x + 1).thenAcceptAsync(x -> run(latch), pool);
          pool.execute(() -> source.complete(1));
          break;
        default:
          pool.execute(() -> run(latch));
      }
    }
  }

  static void run(CountDownLatch latch) {
    RAN.increment();
    latch.countDown();
  }

  /** A fork/join task of its own, so the pool runs it without an adapter. */
  static final class Step extends RecursiveAction {
    private final CountDownLatch latch;

    Step(CountDownLatch latch) {
      this.latch = latch;
    }

    @Override
    protected void compute() {
      run(latch);
    }
  }
}
