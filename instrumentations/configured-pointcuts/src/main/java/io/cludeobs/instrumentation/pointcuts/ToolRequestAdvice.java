package io.cludeobs.instrumentation.pointcuts;

import io.cludeobs.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for tool methods that take a tool-call request ({@link ToolRequestShape}): the request
 * takes the receiver's place in the bridge calls, since tool spans never read the receiver, and the
 * result goes along for opt-in content capture.
 */
public final class ToolRequestAdvice {

  private ToolRequestAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(
      @MethodId int methodId,
      @Advice.Argument(0) Object request) {
    return Bridge.enter(methodId, request);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @MethodId int methodId,
      @Advice.Enter Object token,
      @Advice.Argument(0) Object request,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable thrown) {
    Bridge.exit(methodId, token, request, returned, thrown);
  }
}
