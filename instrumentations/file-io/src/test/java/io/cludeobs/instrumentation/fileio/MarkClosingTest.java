package io.cludeobs.instrumentation.fileio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The close of this JVM's file streams, woven with {@link FileStreamInstrumentation#MARK_CLOSING} (as
 * bytes, nothing loaded): one call to {@code FileIo.closing(closeLock)} right before the JDK's only
 * write of its {@code closed} field. Were the JDK's close of another shape, the ops would still end,
 * through the compare-and-set; this test is what says the cheap path is the one taken.
 */
class MarkClosingTest {

  @ParameterizedTest
  @ValueSource(classes = {FileInputStream.class, FileOutputStream.class, RandomAccessFile.class})
  void theMarkIsCalledOnceJustBeforeTheJdkSetsClosed(Class<?> type) throws Exception {
    byte[] woven =
        new ByteBuddy()
            .redefine(type, ClassFileLocator.ForClassLoader.ofBootLoader())
            .visit(FileStreamInstrumentation.MARK_CLOSING)
            .make()
            .getBytes();
    List<String> close = instructions(woven, "close");
    int mark = close.indexOf("INVOKESTATIC io/cludeobs/bootstrap/FileIo.closing(Ljava/lang/Object;)V");
    assertThat(mark).isPositive();
    assertThat(close.lastIndexOf(close.get(mark))).isEqualTo(mark);
    String owner = type.getName().replace('.', '/');
    assertThat(close.subList(mark - 2, mark + 2))
        .containsExactly(
            "ALOAD 0",
            "GETFIELD " + owner + ".closeLock",
            close.get(mark),
            "PUTFIELD " + owner + ".closed");
    // only close() is changed
    assertThat(instructions(woven, "read").toString()).doesNotContain("FileIo");
  }

  /** The instructions of the no-argument method {@code name} that matter here, as text. */
  private static List<String> instructions(byte[] classFile, String name) {
    List<String> out = new ArrayList<>();
    new ClassReader(classFile)
        .accept(
            new ClassVisitor(OpenedClassReader.ASM_API) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String method, String descriptor, String signature, String[] exceptions) {
                if (!method.equals(name) || !descriptor.startsWith("()")) {
                  return null;
                }
                return new MethodVisitor(OpenedClassReader.ASM_API) {
                  @Override
                  public void visitVarInsn(int opcode, int var) {
                    out.add((opcode == Opcodes.ALOAD ? "ALOAD " : "VAR" + opcode + " ") + var);
                  }

                  @Override
                  public void visitFieldInsn(int opcode, String owner, String field, String desc) {
                    String kind = opcode == Opcodes.GETFIELD ? "GETFIELD " : opcode == Opcodes.PUTFIELD ? "PUTFIELD " : "FIELD ";
                    out.add(kind + owner + "." + field);
                  }

                  @Override
                  public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                    out.add((opcode == Opcodes.INVOKESTATIC ? "INVOKESTATIC " : "INVOKE ") + owner + "." + method + desc);
                  }

                  @Override
                  public void visitInsn(int opcode) {
                    out.add("INSN " + opcode);
                  }
                };
              }
            },
            0);
    return out;
  }
}
