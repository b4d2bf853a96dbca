package com.acme.async;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * One task method per hand-off (the task pointcut selects them all): each opens a
 * {@code Work.handOff} span, hands work off and waits, and the work calls {@code Work.leaf}.
 */
public final class Scenarios {

  private final ThreadPoolExecutor pool =
      new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES, new java.util.concurrent.LinkedBlockingQueue<>());
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
  private final ForkJoinPool forkJoin = new ForkJoinPool(2);
  private final QueueExecutor queueExecutor = new QueueExecutor();
  private final ExecutorService delegating = new DelegatingExecutorService(Executors.newFixedThreadPool(1));
  private final Completer completer = new Completer();

  private static final Callable<Integer> LEAF = Work::leaf;

  public void threadPoolExecute() throws Exception {
    Work.handOff(
        () -> {
          CountDownLatch done = new CountDownLatch(1);
          pool.execute(
              () -> {
                Work.leaf();
                done.countDown();
              });
          done.await();
        });
  }

  public void threadPoolSubmitRunnable() throws Exception {
    Work.handOff(() -> pool.submit((Runnable) Work::leaf).get());
  }

  public void threadPoolSubmitCallable() throws Exception {
    Work.handOff(() -> pool.submit(LEAF).get());
  }

  public void threadPoolInvokeAll() throws Exception {
    Work.handOff(() -> pool.invokeAll(Arrays.asList(LEAF, LEAF)));
  }

  public void threadPoolInvokeAny() throws Exception {
    Work.handOff(() -> pool.invokeAny(Collections.singletonList(LEAF)));
  }

  public void scheduleRunnable() throws Exception {
    Work.handOff(() -> scheduler.schedule((Runnable) Work::leaf, 1, TimeUnit.MILLISECONDS).get());
  }

  public void scheduleCallable() throws Exception {
    Work.handOff(() -> scheduler.schedule(LEAF, 1, TimeUnit.MILLISECONDS).get());
  }

  public void scheduleAtFixedRate() throws Exception {
    Work.handOff(
        () -> {
          CountDownLatch three = new CountDownLatch(3);
          ScheduledFuture<?> f =
              scheduler.scheduleAtFixedRate(
                  () -> {
                    if (three.getCount() > 0) {
                      Work.leaf();
                      three.countDown();
                    }
                  },
                  0,
                  5,
                  TimeUnit.MILLISECONDS);
          three.await();
          f.cancel(false);
        });
  }

  public void forkJoinSubmit() throws Exception {
    Work.handOff(() -> forkJoin.submit(LEAF).get());
  }

  public void forkJoinExecute() throws Exception {
    Work.handOff(
        () -> {
          CountDownLatch done = new CountDownLatch(1);
          forkJoin.execute(
              () -> {
                Work.leaf();
                done.countDown();
              });
          done.await();
        });
  }

  public void forkJoinInvokeRecursiveTask() throws Exception {
    Work.handOff(() -> forkJoin.invoke(new Leaves.Count(4)));
  }

  public void forkJoinRecursiveAction() throws Exception {
    Work.handOff(() -> forkJoin.submit(new Leaves.Pair(true)).get());
  }

  public void commonPool() throws Exception {
    Work.handOff(() -> ForkJoinPool.commonPool().submit(LEAF).get());
  }

  public void parallelStream() throws Exception {
    Work.handOff(() -> IntStream.range(0, 8).parallel().forEach(i -> Work.leaf()));
  }

  public void supplyAsyncDefault() throws Exception {
    Work.handOff(() -> CompletableFuture.supplyAsync(Work::leaf).get());
  }

  public void runAsyncCustom() throws Exception {
    Work.handOff(() -> CompletableFuture.runAsync(Work::leaf, pool).get());
  }

  public void asyncChain() throws Exception {
    Work.handOff(
        () ->
            CompletableFuture.supplyAsync(Work::leaf, pool)
                .thenApplyAsync(x -> Work.leaf())
                .thenComposeAsync(x -> CompletableFuture.supplyAsync(Work::leaf), pool)
                .get());
  }

  public void continuationsOnCompletingThread() throws Exception {
    Work.handOff(
        () -> {
          CompletableFuture<Integer> source = new CompletableFuture<>();
          CompletableFuture<Integer> applied = source.thenApply(x -> Work.leaf());
          CompletableFuture<Integer> completed = source.whenComplete((x, t) -> Work.leaf());
          // completed by a thread that no hand-off reaches: the stages run there
          completer.later(() -> source.complete(1));
          applied.get();
          completed.get();
        });
  }

  public void plainThread() throws Exception {
    Work.handOff(
        () -> {
          Thread t = new Thread(Work::leaf);
          t.start();
          t.join();
        });
  }

  public void customExecutorAnonymousClass() throws Exception {
    Work.handOff(
        () -> {
          CountDownLatch done = new CountDownLatch(1);
          queueExecutor.execute(
              new Runnable() {
                @Override
                public void run() {
                  Work.leaf();
                  done.countDown();
                }
              });
          done.await();
        });
  }

  public void wrappingExecutorService() throws Exception {
    Work.handOff(
        () -> {
          delegating.submit(LEAF).get();
          delegating.submit((Runnable) Work::leaf).get();
        });
  }

  /** Work put in a plain queue that a thread of the app drains: no executor, so no wrapper follows it. */
  public void lostThroughQueue() throws Exception {
    Work.handOff(
        () -> {
          CountDownLatch done = new CountDownLatch(1);
          completer.later(
              () -> {
                Work.leaf();
                done.countDown();
              });
          done.await();
        });
  }

  public void virtualThreadPerTaskExecutor() throws Exception {
    Work.handOff(
        () -> {
          ExecutorService virtual =
              (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
          virtual.submit(LEAF).get();
          virtual.shutdown();
        });
  }

  public void ofVirtualStart() throws Exception {
    Work.handOff(
        () -> {
          Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
          Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
          ((Thread) start.invoke(builder, (Runnable) Work::leaf)).join();
        });
  }

  public void startVirtualThread() throws Exception {
    Work.handOff(
        () -> ((Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, (Runnable) Work::leaf)).join());
  }

  /** Scenarios that need no JDK newer than 17, in the order the app runs them. */
  static final List<String> PORTABLE =
      Arrays.asList(
          "threadPoolExecute",
          "threadPoolSubmitRunnable",
          "threadPoolSubmitCallable",
          "threadPoolInvokeAll",
          "threadPoolInvokeAny",
          "scheduleRunnable",
          "scheduleCallable",
          "scheduleAtFixedRate",
          "forkJoinSubmit",
          "forkJoinExecute",
          "forkJoinInvokeRecursiveTask",
          "forkJoinRecursiveAction",
          "commonPool",
          "parallelStream",
          "supplyAsyncDefault",
          "runAsyncCustom",
          "asyncChain",
          "continuationsOnCompletingThread",
          "plainThread",
          "customExecutorAnonymousClass",
          "wrappingExecutorService");

  /** Hand-offs the agent cannot follow, for the lost-context diagnostics. */
  static final List<String> LOST = Collections.singletonList("lostThroughQueue");

  static final List<String> VIRTUAL =
      Arrays.asList("virtualThreadPerTaskExecutor", "ofVirtualStart", "startVirtualThread");

  void run(String name) throws Exception {
    Scenarios.class.getMethod(name).invoke(this);
  }

  void shutdown() {
    pool.shutdown();
    scheduler.shutdown();
    forkJoin.shutdown();
    delegating.shutdown();
  }
}
