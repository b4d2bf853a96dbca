package io.cludeobs.bootstrap.context;

/** A task that runs under the context that was current when it was handed off. */
public final class ContextRunnable implements Runnable {

  private final Runnable task;
  private final Object context;

  ContextRunnable(Runnable task, Object context) {
    this.task = task;
    this.context = context;
  }

  @Override
  public void run() {
    Object token = Propagation.attach(context);
    try {
      task.run();
    } finally {
      Propagation.restore(token);
    }
  }

  /** The application's own task, for code that looks at what an executor holds. */
  public Runnable task() {
    return task;
  }

  @Override
  public String toString() {
    return task.toString();
  }
}
