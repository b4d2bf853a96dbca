package io.cludeobs.instrumentation.executors;

import io.cludeobs.bootstrap.context.HandOffs;
import io.cludeobs.bootstrap.context.Propagation;
import net.bytebuddy.asm.Advice;

/** {@code Thread.start()}, platform and virtual: the new thread runs under the starter's context. */
final class ThreadStartAdvice {

  private ThreadStartAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Thread self) {
    Object context = Propagation.capture();
    if (context != null) {
      HandOffs.threadStarted(self, context);
    }
  }
}
