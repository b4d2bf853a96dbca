package io.cludeobs.instrumentation.pointcuts;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Recognises a tool method whose first parameter is a tool-call request: a type with public
 * no-argument {@code name()} and {@code id()} returning {@code String} and {@code arguments()}.
 * Such a method names its span after the request, not after itself.
 */
public final class ToolRequestShape {

  private ToolRequestShape() {}

  /** Whether {@code method}'s first parameter has the request accessors. */
  public static boolean matches(MethodDescription method) {
    if (method.getParameters().isEmpty()) {
      return false;
    }
    TypeDescription type = method.getParameters().get(0).getType().asErasure();
    if (type.isPrimitive() || type.isArray() || type.getName().startsWith("java.")) {
      return false;
    }
    return hasAccessor(type, "name", true) && hasAccessor(type, "id", true) && hasAccessor(type, "arguments", false);
  }

  private static boolean hasAccessor(TypeDescription type, String name, boolean mustReturnString) {
    for (TypeDefinition t = type; t != null; t = t.getSuperClass()) {
      if (declares(t.asErasure(), name, mustReturnString)) {
        return true;
      }
      for (TypeDescription.Generic i : t.getInterfaces()) {
        if (declares(i.asErasure(), name, mustReturnString)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean declares(TypeDescription type, String name, boolean mustReturnString) {
    for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
      if (m.getName().equals(name)
          && m.isPublic()
          && !m.isStatic()
          && m.getParameters().isEmpty()
          && (!mustReturnString || m.getReturnType().asErasure().represents(String.class))) {
        return true;
      }
    }
    return false;
  }
}
