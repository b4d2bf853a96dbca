package io.cludeobs.instrumentation.fileio;

import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDescription;

/** Whether a JDK file class has the private lock object the advice can keep its state in. */
final class LockField {

  private LockField() {}

  /**
   * True when {@code type} declares {@code name} as a private final instance field of type Object:
   * then it holds a plain monitor that can be swapped for a {@code FileOp}. Any other shape (a JDK
   * that renamed or retyped it) keeps the table of open handles instead.
   */
  static boolean present(TypeDescription type, String name) {
    for (FieldDescription.InDefinedShape field : type.getDeclaredFields()) {
      if (field.getName().equals(name)) {
        return field.isPrivate()
            && field.isFinal()
            && !field.isStatic()
            && field.getType().asErasure().represents(Object.class);
      }
    }
    return false;
  }
}
