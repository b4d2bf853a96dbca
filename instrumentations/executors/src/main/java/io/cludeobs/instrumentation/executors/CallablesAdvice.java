package io.cludeobs.instrumentation.executors;

import io.cludeobs.bootstrap.context.HandOffs;
import io.cludeobs.bootstrap.context.Propagation;
import java.util.Collection;
import net.bytebuddy.asm.Advice;

/** {@code invokeAll} and {@code invokeAny}: each callable of the collection is wrapped. */
final class CallablesAdvice {

  private CallablesAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static boolean enter(@Advice.Argument(value = 0, readOnly = false) Collection<?> tasks) {
    Object context = Propagation.capture();
    if (context == null) {
      return false;
    }
    tasks = HandOffs.callables(tasks, context);
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
