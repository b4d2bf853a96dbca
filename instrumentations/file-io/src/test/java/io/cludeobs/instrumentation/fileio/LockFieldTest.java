package io.cludeobs.instrumentation.fileio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

class LockFieldTest {

  @SuppressWarnings("unused")
  private static final class Shapes {
    private final Object lock = new Object();
    private Object notFinal = new Object();
    private final String typed = "";
    private static final Object STATIC_LOCK = new Object();
    final Object notPrivate = new Object();
  }

  @Test
  void theJdkFileClassesOfThisJvmKeepTheLockFieldPath() throws ClassNotFoundException {
    assertThat(LockField.present(TypeDescription.ForLoadedType.of(FileInputStream.class), "closeLock")).isTrue();
    assertThat(LockField.present(TypeDescription.ForLoadedType.of(FileOutputStream.class), "closeLock")).isTrue();
    assertThat(LockField.present(TypeDescription.ForLoadedType.of(RandomAccessFile.class), "closeLock")).isTrue();
    Class<?> channel = Class.forName("sun.nio.ch.FileChannelImpl", false, null);
    assertThat(LockField.present(TypeDescription.ForLoadedType.of(channel), "positionLock")).isTrue();
  }

  @Test
  void onlyAPrivateFinalInstanceObjectFieldQualifies() {
    TypeDescription shapes = TypeDescription.ForLoadedType.of(Shapes.class);
    assertThat(LockField.present(shapes, "lock")).isTrue();
    assertThat(LockField.present(shapes, "missing")).isFalse();
    assertThat(LockField.present(shapes, "notFinal")).isFalse();
    assertThat(LockField.present(shapes, "typed")).isFalse();
    assertThat(LockField.present(shapes, "STATIC_LOCK")).isFalse();
    assertThat(LockField.present(shapes, "notPrivate")).isFalse();
  }
}
