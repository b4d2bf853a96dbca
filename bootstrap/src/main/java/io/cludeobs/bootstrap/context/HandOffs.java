package io.cludeobs.bootstrap.context;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * What hand-off advice calls: wrap a task, or remember its context where the task is a JDK object
 * the pool runs itself. Every method is called only with a non-null captured context, so the
 * no-trace path never gets here.
 */
public final class HandOffs {

  /** Fork/join tasks (and completions) handed to a pool, until they run. */
  static final WeakIdentityMap<Object> FORK_JOIN_TASKS = new WeakIdentityMap<>();
  /** Dependent stages of a CompletableFuture, from creation until collected. */
  static final WeakIdentityMap<Object> COMPLETIONS = new WeakIdentityMap<>();
  /** Elements put in a blocking queue by a thread with an active trace, until taken. */
  static final WeakIdentityMap<Object> QUEUED = new WeakIdentityMap<>();
  /** Threads started under a context, until their run method begins. */
  static final WeakIdentityMap<Object> THREADS = new WeakIdentityMap<>();

  private HandOffs() {}

  /**
   * The task to pass on in place of {@code task}. A task already wrapped is passed as is, so a
   * wrapping executor and the one it delegates to do not nest wrappers. A fork/join task given to
   * a ForkJoinPool is not wrapped: the pool would run it through an adapter and the task's own
   * result and cancellation would be lost; its context waits in a map instead.
   */
  public static Runnable runnable(Object executor, Runnable task, Object context) {
    if (task == null || task instanceof ContextRunnable) {
      return task;
    }
    if (task instanceof ForkJoinTask && executor instanceof ForkJoinPool) {
      FORK_JOIN_TASKS.put(task, context);
      return task;
    }
    return new ContextRunnable(task, context);
  }

  /** Always a wrapper (unless already one): for methods that run the task's {@code run()} directly. */
  public static Runnable wrap(Runnable task, Object context) {
    if (task == null || task instanceof ContextRunnable) {
      return task;
    }
    return new ContextRunnable(task, context);
  }

  public static <V> Callable<V> callable(Callable<V> task, Object context) {
    if (task == null || task instanceof ContextCallable) {
      return task;
    }
    return new ContextCallable<>(task, context);
  }

  /**
   * A copy of {@code tasks} with each callable wrapped; other elements (nulls) are kept so the
   * executor still rejects them as it would have.
   */
  @SuppressWarnings("unchecked")
  public static Collection<Object> callables(Collection<?> tasks, Object context) {
    if (tasks == null) {
      return null;
    }
    List<Object> wrapped = new ArrayList<>(tasks.size());
    for (Object task : tasks) {
      wrapped.add(task instanceof Callable ? callable((Callable<Object>) task, context) : task);
    }
    return wrapped;
  }

  /** A fork/join task was forked or handed to a pool. */
  public static void forkJoinTask(ForkJoinTask<?> task, Object context) {
    if (task != null) {
      FORK_JOIN_TASKS.put(task, context);
    }
  }

  /** Called as a fork/join task starts to run: attaches its context, if it has one. */
  public static Object forkJoinTaskRunning(ForkJoinTask<?> task) {
    if (FORK_JOIN_TASKS.isEmpty()) {
      return null;
    }
    return Propagation.attach(FORK_JOIN_TASKS.remove(task));
  }

  /** A dependent stage was created under {@code context}. */
  public static void completionCreated(Object completion, Object context) {
    COMPLETIONS.put(completion, context);
  }

  /**
   * Called as a dependent stage fires, on whichever thread completed its source: attaches the
   * context of the stage's creation. Not removed here: a stage with two sources fires more than
   * once before it runs, and the weak key frees the entry once the stage is gone.
   */
  public static Object completionFiring(Object completion) {
    if (COMPLETIONS.isEmpty()) {
      return null;
    }
    return Propagation.attach(COMPLETIONS.get(completion));
  }

  /**
   * A thread was started under {@code context}. A fork/join worker is not given it: a pool starts
   * workers from whatever task happens to need one, and the worker then serves every later task.
   */
  public static void threadStarted(Thread thread, Object context) {
    if (!(thread instanceof ForkJoinWorkerThread)) {
      THREADS.put(thread, context);
    }
  }

  /** Called as a started thread's run method begins on that thread. */
  public static Object threadRunning(Thread thread) {
    if (THREADS.isEmpty() || thread != Thread.currentThread()) {
      return null;
    }
    return Propagation.attach(THREADS.remove(thread));
  }

  /**
   * An element was put in a blocking queue while a trace was active. Executors' own queues are
   * filled inside a hand-off (nothing is captured then), and wrappers already carry their context,
   * so what is remembered here is work that leaves the trace through a queue no wrapper follows.
   */
  public static void queued(Object element) {
    if (element != null && !(element instanceof ContextRunnable) && !(element instanceof ContextCallable)) {
      QUEUED.put(element, Boolean.TRUE);
    }
  }

  /** An element was taken from {@code queue}: if a traced thread put it there, say so. */
  public static void taken(Object queue, Object element) {
    if (element != null && !QUEUED.isEmpty() && QUEUED.remove(element) != null) {
      Propagation.lostHandOff(queue);
    }
  }
}
