package com.acme.async;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;

/** The traced first task on fresh pools (the task pointcut selects {@code firstTask}). */
public final class Reuse {

  private final ThreadPoolExecutor pool;
  private final ForkJoinPool forkJoin;
  private final ExecutorService single;

  Reuse(ThreadPoolExecutor pool, ForkJoinPool forkJoin, ExecutorService single) {
    this.pool = pool;
    this.forkJoin = forkJoin;
    this.single = single;
  }

  public void firstTask() throws Exception {
    Callable<Integer> leaf = Work::leaf;
    Work.handOff(
        () -> {
          // the pools' threads are created inside these calls, under this trace
          pool.submit(leaf).get();
          forkJoin.submit(leaf).get();
          CompletableFuture.supplyAsync(Work::leaf, single).get();
        });
  }
}
