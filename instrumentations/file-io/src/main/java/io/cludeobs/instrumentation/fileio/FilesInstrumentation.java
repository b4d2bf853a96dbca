package io.cludeobs.instrumentation.fileio;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

import io.cludeobs.bootstrap.FileIo;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code java.nio.file.Files} methods that are one operation on their own and open no channel the
 * rest of this instrumentation would see: copy, move, delete, create, list and walk. Reads and
 * writes through {@code Files} go through a file channel and are recorded there.
 */
final class FilesInstrumentation {

  private FilesInstrumentation() {}

  static AgentBuilder.Transformer transformer() {
    return (b, type, loader, module, domain) ->
        b.visit(
                Advice.to(OneArgumentAdvice.class)
                    .on(
                        isPublic()
                            .and(isStatic())
                            .and(
                                namedOneOf(
                                    "delete",
                                    "deleteIfExists",
                                    "createFile",
                                    "createDirectory",
                                    "createDirectories",
                                    "list",
                                    "walk"))))
            .visit(Advice.to(TwoArgumentAdvice.class).on(isPublic().and(isStatic()).and(namedOneOf("copy", "move"))));
  }

  static final class OneArgumentAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(
        @Advice.Origin("#m") String name,
        @Advice.Argument(0) Object path,
        @Advice.Local("cludeObsStart") long start) {
      start = System.nanoTime();
      return FileIo.operationEnter(name, path, null);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object token,
        @Advice.Local("cludeObsStart") long start,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      FileIo.operationExit(token, start, returned, thrown);
    }
  }

  static final class TwoArgumentAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(
        @Advice.Origin("#m") String name,
        @Advice.Argument(0) Object first,
        @Advice.Argument(1) Object second,
        @Advice.Local("cludeObsStart") long start) {
      start = System.nanoTime();
      return FileIo.operationEnter(name, first, second);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object token,
        @Advice.Local("cludeObsStart") long start,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      FileIo.operationExit(token, start, returned, thrown);
    }
  }
}
