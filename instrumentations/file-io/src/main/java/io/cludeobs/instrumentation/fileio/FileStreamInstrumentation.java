package io.cludeobs.instrumentation.fileio;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.cludeobs.bootstrap.FileIo;
import java.io.File;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * {@code FileInputStream}, {@code FileOutputStream} and {@code RandomAccessFile}: the constructor
 * that opens registers the object, the public single-byte and array reads and writes add bytes
 * (they only call natives or private helpers, so nothing is counted twice), close ends it.
 *
 * <p>Where the class has its private {@code closeLock} (JDK 11 to 25 do), the per-handle state is
 * kept in that field (see {@code FileOp} for why that is safe); otherwise in {@code FileIo}'s table
 * of open handles. The choice is made once per class, when it is retransformed.
 */
final class FileStreamInstrumentation {

  static final String LOCK = "closeLock";

  private FileStreamInstrumentation() {}

  static AgentBuilder.Transformer inputStream() {
    return (b, type, loader, module, domain) -> {
      if (LockField.present(type, LOCK)) {
        return b.visit(Advice.to(LockedOpenReadAdvice.class).on(isConstructor().and(takesArguments(File.class))))
            .visit(Advice.to(OpenFailedReadAdvice.class).on(isPrivate().and(named("open")).and(takesArguments(String.class))))
            .visit(LOCKED_READ_BYTE)
            .visit(LOCKED_READ_ARRAY)
            .visit(LOCKED_GET_CHANNEL)
            .visit(Advice.to(LockedCloseAdvice.class).on(isPublic().and(named("close")).and(takesArguments(0))))
            .visit(MARK_CLOSING);
      }
      return b.visit(Advice.to(OpenReadAdvice.class).on(isConstructor().and(takesArguments(File.class))))
          .visit(Advice.to(OpenFailedReadAdvice.class).on(isPrivate().and(named("open")).and(takesArguments(String.class))))
          .visit(READ_BYTE)
          .visit(READ_ARRAY)
          .visit(Advice.to(CloseAdvice.class).on(isPublic().and(named("close")).and(takesArguments(0))));
    };
  }

  static AgentBuilder.Transformer outputStream() {
    return (b, type, loader, module, domain) -> {
      if (LockField.present(type, LOCK)) {
        return b.visit(
                Advice.to(LockedOpenWriteAdvice.class)
                    .on(isConstructor().and(takesArguments(File.class, boolean.class))))
            .visit(
                Advice.to(OpenFailedWriteAdvice.class)
                    .on(isPrivate().and(named("open")).and(takesArguments(String.class, boolean.class))))
            .visit(LOCKED_WRITE_BYTE)
            .visit(LOCKED_WRITE_ARRAY)
            .visit(LOCKED_WRITE_RANGE)
            .visit(LOCKED_GET_CHANNEL)
            .visit(Advice.to(LockedCloseAdvice.class).on(isPublic().and(named("close")).and(takesArguments(0))))
            .visit(MARK_CLOSING);
      }
      return b.visit(
              Advice.to(OpenWriteAdvice.class)
                  .on(isConstructor().and(takesArguments(File.class, boolean.class))))
          .visit(
              Advice.to(OpenFailedWriteAdvice.class)
                  .on(isPrivate().and(named("open")).and(takesArguments(String.class, boolean.class))))
          .visit(WRITE_BYTE)
          .visit(WRITE_ARRAY)
          .visit(WRITE_RANGE)
          .visit(Advice.to(CloseAdvice.class).on(isPublic().and(named("close")).and(takesArguments(0))));
    };
  }

  static AgentBuilder.Transformer randomAccessFile() {
    return (b, type, loader, module, domain) -> {
      if (LockField.present(type, LOCK)) {
        return b.visit(
                Advice.to(LockedOpenRandomAccessAdvice.class)
                    .on(isConstructor().and(takesArguments(File.class, String.class, boolean.class))))
            .visit(
                Advice.to(OpenFailedRandomAccessAdvice.class)
                    .on(isPrivate().and(named("open")).and(takesArguments(String.class, int.class))))
            .visit(LOCKED_READ_BYTE)
            .visit(LOCKED_READ_ARRAY)
            .visit(LOCKED_WRITE_BYTE)
            .visit(LOCKED_WRITE_ARRAY)
            .visit(LOCKED_WRITE_RANGE)
            .visit(LOCKED_GET_CHANNEL)
            .visit(Advice.to(LockedCloseAdvice.class).on(isPublic().and(named("close")).and(takesArguments(0))))
            .visit(MARK_CLOSING);
      }
      return b.visit(
              Advice.to(OpenRandomAccessAdvice.class)
                  .on(isConstructor().and(takesArguments(File.class, String.class, boolean.class))))
          .visit(
              Advice.to(OpenFailedRandomAccessAdvice.class)
                  .on(isPrivate().and(named("open")).and(takesArguments(String.class, int.class))))
          .visit(READ_BYTE)
          .visit(READ_ARRAY)
          .visit(WRITE_BYTE)
          .visit(WRITE_ARRAY)
          .visit(WRITE_RANGE)
          .visit(Advice.to(CloseAdvice.class).on(isPublic().and(named("close")).and(takesArguments(0))));
    };
  }

  private static final AsmVisitorWrapper READ_BYTE =
      Advice.to(ReadByteAdvice.class).on(isPublic().and(named("read")).and(takesArguments(0)));
  private static final AsmVisitorWrapper READ_ARRAY =
      Advice.to(ReadArrayAdvice.class)
          .on(
              isPublic()
                  .and(named("read"))
                  .and(returns(int.class))
                  .and(takesArguments(byte[].class).or(takesArguments(byte[].class, int.class, int.class))));
  private static final AsmVisitorWrapper WRITE_BYTE =
      Advice.to(WriteByteAdvice.class).on(isPublic().and(named("write")).and(takesArguments(int.class)));
  private static final AsmVisitorWrapper WRITE_ARRAY =
      Advice.to(WriteArrayAdvice.class).on(isPublic().and(named("write")).and(takesArguments(byte[].class)));
  private static final AsmVisitorWrapper WRITE_RANGE =
      Advice.to(WriteRangeAdvice.class)
          .on(isPublic().and(named("write")).and(takesArguments(byte[].class, int.class, int.class)));

  private static final AsmVisitorWrapper LOCKED_READ_BYTE =
      Advice.to(LockedReadByteAdvice.class).on(isPublic().and(named("read")).and(takesArguments(0)));
  private static final AsmVisitorWrapper LOCKED_READ_ARRAY =
      Advice.to(LockedReadArrayAdvice.class)
          .on(
              isPublic()
                  .and(named("read"))
                  .and(returns(int.class))
                  .and(takesArguments(byte[].class).or(takesArguments(byte[].class, int.class, int.class))));
  private static final AsmVisitorWrapper LOCKED_WRITE_BYTE =
      Advice.to(LockedWriteByteAdvice.class).on(isPublic().and(named("write")).and(takesArguments(int.class)));
  private static final AsmVisitorWrapper LOCKED_WRITE_ARRAY =
      Advice.to(LockedWriteArrayAdvice.class).on(isPublic().and(named("write")).and(takesArguments(byte[].class)));
  private static final AsmVisitorWrapper LOCKED_WRITE_RANGE =
      Advice.to(LockedWriteRangeAdvice.class)
          .on(isPublic().and(named("write")).and(takesArguments(byte[].class, int.class, int.class)));
  private static final AsmVisitorWrapper LOCKED_GET_CHANNEL =
      Advice.to(GetChannelAdvice.class).on(isPublic().and(named("getChannel")).and(takesArguments(0)));

  static final class OpenReadAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
      return FileIo.openStart();
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.FieldValue("path") String path, @Advice.Enter long start) {
      FileIo.opened(self, path, FileIo.MODE_READ, start);
    }
  }

  static final class OpenWriteAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
      return FileIo.openStart();
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.FieldValue("path") String path, @Advice.Enter long start) {
      FileIo.opened(self, path, FileIo.MODE_WRITE, start);
    }
  }

  static final class OpenRandomAccessAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
      return FileIo.openStart();
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.This Object self,
        @Advice.FieldValue("path") String path,
        @Advice.Argument(1) String mode,
        @Advice.Enter long start) {
      FileIo.opened(self, path, "r".equals(mode) ? FileIo.MODE_READ : FileIo.MODE_READ_WRITE, start);
    }
  }

  // Byte Buddy cannot catch exceptions thrown in constructors; the private open(...) they call can.
  // The failure is timed from the constructor's FileIo.openStart(), so open(...) reads no clock on entry.
  static final class OpenFailedReadAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Argument(0) String path, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.openFailed(path, FileIo.MODE_READ, thrown);
      }
    }
  }

  static final class OpenFailedWriteAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Argument(0) String path, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.openFailed(path, FileIo.MODE_WRITE, thrown);
      }
    }
  }

  static final class OpenFailedRandomAccessAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Argument(0) String path, @Advice.Argument(1) int mode, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        // RandomAccessFile.O_RDWR is 2
        FileIo.openFailed(path, (mode & 2) != 0 ? FileIo.MODE_READ_WRITE : FileIo.MODE_READ, thrown);
      }
    }
  }

  static final class ReadByteAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Return int value, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failed(self, thrown);
      } else if (value >= 0) {
        FileIo.read(self, 1);
      }
    }
  }

  static final class ReadArrayAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Return int n, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failed(self, thrown);
      } else {
        FileIo.read(self, n);
      }
    }
  }

  static final class WriteByteAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failed(self, thrown);
      } else {
        FileIo.wrote(self, 1);
      }
    }
  }

  static final class WriteArrayAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Argument(0) byte[] b, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failed(self, thrown);
      } else {
        FileIo.wrote(self, b.length);
      }
    }
  }

  static final class WriteRangeAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Argument(2) int len, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failed(self, thrown);
      } else {
        FileIo.wrote(self, len);
      }
    }
  }

  static final class CloseAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self) {
      FileIo.closed(self);
    }
  }

  // With the lock field: the constructor's exit replaces the lock object with the handle's FileOp
  // (still a plain monitor to the JDK); every later advice reads the field instead of a table.

  static final class LockedOpenReadAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
      return FileIo.openStart();
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.FieldValue("path") String path,
        @Advice.FieldValue(value = LOCK, readOnly = false) Object lock,
        @Advice.Enter long start) {
      lock = FileIo.openedWithLock(path, FileIo.MODE_READ, start, lock);
    }
  }

  static final class LockedOpenWriteAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
      return FileIo.openStart();
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.FieldValue("path") String path,
        @Advice.FieldValue(value = LOCK, readOnly = false) Object lock,
        @Advice.Enter long start) {
      lock = FileIo.openedWithLock(path, FileIo.MODE_WRITE, start, lock);
    }
  }

  static final class LockedOpenRandomAccessAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
      return FileIo.openStart();
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.FieldValue("path") String path,
        @Advice.Argument(1) String mode,
        @Advice.FieldValue(value = LOCK, readOnly = false) Object lock,
        @Advice.Enter long start) {
      lock =
          FileIo.openedWithLock(
              path, "r".equals(mode) ? FileIo.MODE_READ : FileIo.MODE_READ_WRITE, start, lock);
    }
  }

  static final class LockedReadByteAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.FieldValue(LOCK) Object lock, @Advice.Return int value, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failedWithLock(lock, thrown);
      } else if (value >= 0) {
        FileIo.readWithLock(lock, 1);
      }
    }
  }

  static final class LockedReadArrayAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.FieldValue(LOCK) Object lock, @Advice.Return int n, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failedWithLock(lock, thrown);
      } else {
        FileIo.readWithLock(lock, n);
      }
    }
  }

  static final class LockedWriteByteAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.FieldValue(LOCK) Object lock, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failedWithLock(lock, thrown);
      } else {
        FileIo.wroteWithLock(lock, 1);
      }
    }
  }

  static final class LockedWriteArrayAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.FieldValue(LOCK) Object lock, @Advice.Argument(0) byte[] b, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failedWithLock(lock, thrown);
      } else {
        FileIo.wroteWithLock(lock, b.length);
      }
    }
  }

  static final class LockedWriteRangeAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.FieldValue(LOCK) Object lock, @Advice.Argument(2) int len, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failedWithLock(lock, thrown);
      } else {
        FileIo.wroteWithLock(lock, len);
      }
    }
  }

  /** The channel's constructor cannot read this stream's lock field: it is handed over on the thread. */
  static final class GetChannelAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.FieldValue(LOCK) Object lock) {
      return FileIo.channelRequested(lock);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.FieldValue(LOCK) Object lock, @Advice.Enter Object token) {
      FileIo.channelReturned(lock, token);
    }
  }

  /**
   * In {@code close()}, just before the JDK sets its {@code closed} field (inside its lock, once per
   * handle), calls {@code FileIo.closing(closeLock)}, so the close advice knows without an atomic
   * operation which thread ends the op. A close() without that field write is left as it is, and
   * its op ends through a compare-and-set instead.
   */
  static final AsmVisitorWrapper MARK_CLOSING =
      new AsmVisitorWrapper.ForDeclaredMethods()
          .method(isPublic().and(named("close")).and(takesArguments(0)), new MarkClosing());

  static final class MarkClosing implements AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper {
    private static final String FILE_IO = FileIo.class.getName().replace('.', '/');

    @Override
    public MethodVisitor wrap(
        TypeDescription instrumentedType,
        MethodDescription instrumentedMethod,
        MethodVisitor methodVisitor,
        Implementation.Context implementationContext,
        TypePool typePool,
        int writerFlags,
        int readerFlags) {
      String owner = instrumentedType.getInternalName();
      return new MethodVisitor(OpenedClassReader.ASM_API, methodVisitor) {
        @Override
        public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
          if (opcode == Opcodes.PUTFIELD && fieldOwner.equals(owner) && name.equals("closed") && descriptor.equals("Z")) {
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitFieldInsn(Opcodes.GETFIELD, owner, LOCK, "Ljava/lang/Object;");
            super.visitMethodInsn(
                Opcodes.INVOKESTATIC, FILE_IO, "closing", "(Ljava/lang/Object;)V", false);
          }
          super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
          // the receiver and the value of the field write are on the stack below the inserted call's argument
          super.visitMaxs(maxStack + 1, maxLocals);
        }
      };
    }
  }

  static final class LockedCloseAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.FieldValue(LOCK) Object lock) {
      FileIo.closedWithLock(lock);
    }
  }
}
