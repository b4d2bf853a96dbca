package io.cludeobs.bootstrap.context;

import java.util.concurrent.Callable;

/** A callable that runs under the context that was current when it was handed off. */
public final class ContextCallable<V> implements Callable<V> {

  private final Callable<V> task;
  private final Object context;

  ContextCallable(Callable<V> task, Object context) {
    this.task = task;
    this.context = context;
  }

  @Override
  public V call() throws Exception {
    Object token = Propagation.attach(context);
    try {
      return task.call();
    } finally {
      Propagation.restore(token);
    }
  }

  /** The application's own callable. */
  public Callable<V> task() {
    return task;
  }

  @Override
  public String toString() {
    return task.toString();
  }
}
