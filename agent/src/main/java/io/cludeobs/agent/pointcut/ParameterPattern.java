package io.cludeobs.agent.pointcut;

import java.util.List;
import net.bytebuddy.description.method.ParameterList;
import net.bytebuddy.description.type.TypeDescription;

/** The parameter list of a pointcut, compared against erased parameter types. */
final class ParameterPattern {
  static final ParameterPattern ANY = new ParameterPattern(new String[0], new int[0], true);

  /** Element (non-array) type names, e.g. {@code java.lang.String} or {@code int}. */
  private final String[] elementNames;
  private final int[] dimensions;
  private final boolean anyRest;

  private ParameterPattern(String[] elementNames, int[] dimensions, boolean anyRest) {
    this.elementNames = elementNames;
    this.dimensions = dimensions;
    this.anyRest = anyRest;
  }

  static ParameterPattern of(List<String> elementNames, List<Integer> dimensions, boolean anyRest) {
    if (elementNames.isEmpty() && anyRest) {
      return ANY;
    }
    int[] dims = new int[dimensions.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = dimensions.get(i);
    }
    return new ParameterPattern(elementNames.toArray(new String[0]), dims, anyRest);
  }

  boolean matches(ParameterList<?> parameters) {
    if (this == ANY) {
      return true;
    }
    int count = parameters.size();
    if (anyRest ? count < elementNames.length : count != elementNames.length) {
      return false;
    }
    for (int i = 0; i < elementNames.length; i++) {
      TypeDescription type = parameters.get(i).getType().asErasure();
      int dims = 0;
      while (type.isArray()) {
        type = type.getComponentType();
        dims++;
      }
      if (dims != dimensions[i] || !elementNames[i].equals(type.getName())) {
        return false;
      }
    }
    return true;
  }
}
