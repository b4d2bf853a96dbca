package com.acme.async;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs hand-off scenarios, each as its own task. Arguments: {@code portable}, {@code virtual}
 * (Java 21+), {@code reuse}, and {@code repeat=N} (runs what follows N times).
 */
public final class HandOffApp {

  private HandOffApp() {}

  public static void main(String[] args) throws Exception {
    Scenarios scenarios = new Scenarios();
    int repeat = 1;
    for (String arg : args) {
      if (arg.startsWith("repeat=")) {
        repeat = Integer.parseInt(arg.substring("repeat=".length()));
        continue;
      }
      for (int i = 0; i < repeat; i++) {
        if (arg.equals("portable")) {
          for (String name : Scenarios.PORTABLE) {
            scenarios.run(name);
          }
        } else if (arg.equals("virtual")) {
          for (String name : Scenarios.VIRTUAL) {
            scenarios.run(name);
          }
        } else if (arg.equals("reuse")) {
          reuse();
        } else if (Scenarios.PORTABLE.contains(arg) || Scenarios.VIRTUAL.contains(arg) || Scenarios.LOST.contains(arg)) {
          scenarios.run(arg);
        } else {
          throw new IllegalArgumentException("unknown scenario group " + arg + "; use portable, virtual or reuse");
        }
      }
    }
    scenarios.shutdown();
    System.out.println("async-app leaves " + Work.LEAVES.get() + " after " + Arrays.toString(args));
  }

  /**
   * Pools whose only threads first ran (or were created by) a traced task, then run work that is
   * not part of any trace: that work must start traces of its own, never join the first task's.
   */
  private static void reuse() throws Exception {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
    ForkJoinPool forkJoin = new ForkJoinPool(1);
    ExecutorService single = Executors.newSingleThreadExecutor();
    new Reuse(pool, forkJoin, single).firstTask();
    // from here on nothing is traced on this thread
    pool.submit(Work::leaf).get();
    forkJoin.submit(Work::leaf).get();
    CompletableFuture.supplyAsync(Work::leaf, single).get();
    pool.shutdown();
    forkJoin.shutdown();
    single.shutdown();
  }
}
