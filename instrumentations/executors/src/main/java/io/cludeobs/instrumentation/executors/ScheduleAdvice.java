package io.cludeobs.instrumentation.executors;

import io.cludeobs.bootstrap.context.HandOffs;
import io.cludeobs.bootstrap.context.Propagation;
import net.bytebuddy.asm.Advice;

/** {@code schedule*(Runnable, ...)}: every run, periodic ones too, is under the scheduling call's context. */
final class ScheduleAdvice {

  private ScheduleAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static boolean enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
    Object context = Propagation.capture();
    if (context == null) {
      return false;
    }
    task = HandOffs.wrap(task, context);
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
