package io.cludeobs.instrumentation.executors;

import io.cludeobs.bootstrap.context.HandOffs;
import io.cludeobs.bootstrap.context.Propagation;
import java.util.concurrent.Callable;
import net.bytebuddy.asm.Advice;

/** {@code submit(Callable)} and {@code schedule(Callable, ...)}. */
final class CallableAdvice {

  private CallableAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static boolean enter(@Advice.Argument(value = 0, readOnly = false) Callable<?> task) {
    Object context = Propagation.capture();
    if (context == null) {
      return false;
    }
    task = HandOffs.callable(task, context);
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
