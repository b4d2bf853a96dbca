package io.cludeobs.instrumentation.executors;

import io.cludeobs.bootstrap.context.HandOffs;
import io.cludeobs.bootstrap.context.Propagation;
import net.bytebuddy.asm.Advice;

/** {@code execute(Runnable)} and {@code submit(Runnable...)}: the task runs under the caller's context. */
final class ExecuteAdvice {

  private ExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static boolean enter(
      @Advice.This Object executor, @Advice.Argument(value = 0, readOnly = false) Runnable task) {
    Object context = Propagation.capture();
    if (context == null) {
      return false;
    }
    task = HandOffs.runnable(executor, task, context);
    Propagation.beginHandOff();
    return true;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter boolean handedOff) {
    if (handedOff) {
      Propagation.endHandOff();
    }
  }
}
