package io.cludeobs.instrumentation.pointcuts;

import io.cludeobs.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Advice for llm methods returning an object: the response carries model and token usage. */
public final class ReturnValueAdvice {

  private ReturnValueAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(
      @MethodId int methodId,
      @Advice.This(optional = true) Object self) {
    return Bridge.enter(methodId, self);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @MethodId int methodId,
      @Advice.Enter Object token,
      @Advice.This(optional = true) Object self,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable thrown) {
    Bridge.exit(methodId, token, self, returned, thrown);
  }
}
