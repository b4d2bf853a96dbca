package io.cludeobs.bootstrap.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HandOffsTest {

  private final List<String> events = new ArrayList<>();

  /** Records attach/restore; a token names what it restores. */
  private final ContextCarrier recording =
      new ContextCarrier() {
        @Override
        public Object capture() {
          return "current";
        }

        @Override
        public Object attach(Object captured) {
          events.add("attach " + captured);
          return "token " + captured;
        }

        @Override
        public void restore(Object token) {
          events.add("restore " + token);
        }

        @Override
        public void beginHandOff() {}

        @Override
        public void endHandOff() {}

        @Override
        public void lostHandOff(Object via) {
          events.add("lost via " + via);
        }
      };

  @BeforeEach
  void install() {
    Propagation.install(recording);
  }

  @AfterEach
  void uninstall() {
    Propagation.install(null);
  }

  @Test
  void aWrappedTaskRunsBetweenAttachAndRestoreEvenWhenItThrows() {
    Runnable wrapped = HandOffs.runnable(null, () -> events.add("run"), "ctx");
    wrapped.run();
    assertThat(events).containsExactly("attach ctx", "run", "restore token ctx");

    events.clear();
    Runnable failing =
        HandOffs.wrap(
            () -> {
              throw new IllegalStateException("boom");
            },
            "ctx");
    try {
      failing.run();
    } catch (IllegalStateException expected) {
      events.add("threw " + expected.getMessage());
    }
    assertThat(events).containsExactly("attach ctx", "restore token ctx", "threw boom");
  }

  @Test
  void aWrapperIsNeverWrappedAgainAndNullStaysNull() {
    Runnable task = () -> {};
    Runnable once = HandOffs.runnable(null, task, "ctx");
    assertThat(once).isInstanceOf(ContextRunnable.class);
    assertThat(((ContextRunnable) once).task()).isSameAs(task);
    assertThat(HandOffs.runnable(null, once, "other")).isSameAs(once);
    assertThat(HandOffs.wrap(once, "other")).isSameAs(once);
    assertThat(HandOffs.runnable(null, null, "ctx")).isNull();

    Callable<String> callable = () -> "v";
    Callable<String> wrapped = HandOffs.callable(callable, "ctx");
    assertThat(HandOffs.callable(wrapped, "other")).isSameAs(wrapped);
    assertThat(HandOffs.callable(null, "ctx")).isNull();
  }

  @Test
  void aCallableReturnsItsValueUnderTheCapturedContext() throws Exception {
    Callable<String> wrapped =
        HandOffs.callable(
            () -> {
              events.add("call");
              return "value";
            },
            "ctx");
    assertThat(wrapped.call()).isEqualTo("value");
    assertThat(events).containsExactly("attach ctx", "call", "restore token ctx");
  }

  @Test
  void invokeAllCollectionsAreCopiedWithEveryCallableWrapped() {
    Callable<String> a = () -> "a";
    Collection<Object> wrapped = HandOffs.callables(Arrays.asList(a, null), "ctx");
    assertThat(wrapped).hasSize(2);
    List<Object> list = new ArrayList<>(wrapped);
    assertThat(list.get(0)).isInstanceOf(ContextCallable.class);
    assertThat(((ContextCallable<?>) list.get(0)).task()).isSameAs(a);
    assertThat(list.get(1)).isNull();
  }

  @Test
  void aForkJoinTaskGivenToAForkJoinPoolKeepsItsContextInTheMapUntilItRuns() {
    RecursiveAction task =
        new RecursiveAction() {
          @Override
          protected void compute() {}
        };
    ForkJoinPool pool = new ForkJoinPool(1);
    try {
      assertThat(HandOffs.runnable(pool, adapt(task), "ctx")).isInstanceOf(ContextRunnable.class);
      Runnable asRunnable = new RunnableAction();
      assertThat(HandOffs.runnable(pool, asRunnable, "ctx")).isSameAs(asRunnable);
      Executor other = Runnable::run;
      assertThat(HandOffs.runnable(other, new RunnableAction(), "ctx")).isInstanceOf(ContextRunnable.class);

      assertThat(HandOffs.forkJoinTaskRunning((RunnableAction) asRunnable)).isEqualTo("token ctx");
      assertThat(HandOffs.forkJoinTaskRunning((RunnableAction) asRunnable)).isNull();
      assertThat(events).containsExactly("attach ctx");
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aCompletionAttachesItsCreationContextEachTimeItFires() {
    Object completion = new Object();
    HandOffs.completionCreated(completion, "created");
    assertThat(HandOffs.completionFiring(completion)).isEqualTo("token created");
    assertThat(HandOffs.completionFiring(completion)).isEqualTo("token created");
    assertThat(HandOffs.completionFiring(new Object())).isNull();
  }

  @Test
  void aStartedThreadGetsItsContextOnlyOnItsOwnThread() throws InterruptedException {
    Object[] seen = new Object[1];
    Thread[] self = new Thread[1];
    Thread thread = new Thread(() -> seen[0] = HandOffs.threadRunning(self[0]));
    self[0] = thread;
    HandOffs.threadStarted(thread, "starter");
    // called from another thread (a direct run() call): nothing is attached and the entry stays
    assertThat(HandOffs.threadRunning(thread)).isNull();
    thread.start();
    thread.join();
    assertThat(seen[0]).isEqualTo("token starter");
    assertThat(events).containsExactly("attach starter");
  }

  @Test
  void workQueuedUnderATraceAndTakenElsewhereIsReportedOnceAndWrappersNever() {
    Object element = new Object();
    HandOffs.queued(element);
    HandOffs.taken("queue", new Object());
    HandOffs.taken("queue", element);
    HandOffs.taken("queue", element);
    Runnable wrapper = HandOffs.wrap(() -> {}, "ctx");
    HandOffs.queued(wrapper);
    HandOffs.taken("queue", wrapper);
    assertThat(events).containsExactly("lost via queue");
  }

  private static Runnable adapt(RecursiveAction task) {
    return task::invoke;
  }

  /** A fork/join task that is also a Runnable, as CompletableFuture's async tasks are. */
  private static final class RunnableAction extends RecursiveAction implements Runnable {
    @Override
    protected void compute() {}

    @Override
    public void run() {
      invoke();
    }
  }
}
