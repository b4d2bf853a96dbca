package io.cludeobs.instrumentation.executors;

import io.cludeobs.bootstrap.context.HandOffs;
import io.cludeobs.bootstrap.context.Propagation;
import net.bytebuddy.asm.Advice;

/**
 * Constructors of CompletableFuture's dependent stages: a stage that runs later on the completing
 * thread ({@code thenApply}, {@code whenComplete}, ...) runs under the context of its creation.
 */
final class CompletionCreatedAdvice {

  private CompletionCreatedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Object self) {
    Object context = Propagation.capture();
    if (context != null) {
      HandOffs.completionCreated(self, context);
    }
  }
}
