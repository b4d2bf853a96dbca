package io.cludeobs.agent.weaving;

import static io.opentelemetry.semconv.CodeAttributes.CODE_FUNCTION_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOOL_NAME;

import io.cludeobs.agent.AgentLog;
import io.cludeobs.agent.pointcut.Category;
import io.cludeobs.instrumentation.pointcuts.MethodRegistrar;
import io.cludeobs.instrumentation.pointcuts.ToolRequestShape;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Gives each woven method a small int id and keeps its {@link WovenMethod}; the advice carries the
 * id as a constant, so the hot path looks the method up by array index.
 */
public final class MethodRegistry implements MethodRegistrar {

  /** {@code clude.category}: which pointcut category wove the method. */
  public static final AttributeKey<String> CATEGORY = AttributeKey.stringKey("clude.category");

  private final Object lock = new Object();
  private final Map<String, Integer> ids = new HashMap<>();
  private final int budget;
  private volatile WovenMethod[] methods = new WovenMethod[64];
  private int size;
  private boolean budgetWarned;

  public MethodRegistry(int budget) {
    this.budget = budget;
  }

  /** The method with this id, or null. Called on every woven call. */
  public WovenMethod get(int id) {
    WovenMethod[] snapshot = methods;
    return id >= 0 && id < snapshot.length ? snapshot[id] : null;
  }

  public int size() {
    synchronized (lock) {
      return size;
    }
  }

  /** A snapshot of every woven method, in id order. */
  public List<WovenMethod> all() {
    WovenMethod[] snapshot = methods;
    List<WovenMethod> out = new ArrayList<>();
    for (WovenMethod m : snapshot) {
      if (m != null) {
        out.add(m);
      }
    }
    return out;
  }

  @Override
  public int register(String categoryKey, TypeDescription type, MethodDescription method) {
    String key = categoryKey + ' ' + type.getName() + '#' + method.getInternalName() + method.getDescriptor();
    synchronized (lock) {
      Integer existing = ids.get(key);
      if (existing != null) {
        return existing;
      }
      int id = size++;
      WovenMethod[] current = methods;
      if (id >= current.length) {
        current = Arrays.copyOf(current, current.length * 2);
      }
      current[id] = describe(id, Category.forKey(categoryKey), type, method);
      methods = current;
      ids.put(key, id);
      if (size > budget && !budgetWarned) {
        budgetWarned = true;
        AgentLog.info(
            "clude.obs.pointcuts.max_methods: "
                + size
                + " methods woven, more than the budget of "
                + budget
                + " (last: "
                + type.getName()
                + "#"
                + method.getName()
                + "); narrow the pointcuts or raise clude.obs.pointcuts.max_methods");
      }
      AgentLog.debug("weaving " + categoryKey + " " + type.getName() + "#" + method.getName() + " as id " + id);
      return id;
    }
  }

  static WovenMethod describe(int id, Category category, TypeDescription type, MethodDescription method) {
    String className = type.getName();
    String methodName = method.getName();
    String simpleClass = simpleName(className);
    String functionName = className + "." + methodName;
    Attributes base = Attributes.of(CODE_FUNCTION_NAME, functionName, CATEGORY, category.key());
    switch (category) {
      case TASK:
        {
          Attributes span = base.toBuilder().put(GEN_AI_OPERATION_NAME, "invoke_agent").build();
          return new WovenMethod(
              id,
              category,
              className,
              methodName,
              "invoke_agent " + simpleClass + "." + methodName,
              SpanKind.INTERNAL,
              span,
              Attributes.of(GEN_AI_OPERATION_NAME, "invoke_agent", CODE_FUNCTION_NAME, functionName),
              base);
        }
      case LLM:
        {
          Attributes span = base.toBuilder().put(GEN_AI_OPERATION_NAME, "chat").build();
          return new WovenMethod(
              id,
              category,
              className,
              methodName,
              "chat",
              SpanKind.CLIENT,
              span,
              Attributes.of(GEN_AI_OPERATION_NAME, "chat"),
              base);
        }
      case TOOL:
        {
          String tool = toolName(method);
          Attributes span =
              base.toBuilder().put(GEN_AI_OPERATION_NAME, "execute_tool").put(GEN_AI_TOOL_NAME, tool).build();
          WovenMethod woven = new WovenMethod(
              id,
              category,
              className,
              methodName,
              "execute_tool " + tool,
              SpanKind.INTERNAL,
              span,
              Attributes.of(GEN_AI_OPERATION_NAME, "execute_tool", GEN_AI_TOOL_NAME, tool),
              base);
          woven.toolRequest = ToolRequestShape.matches(method);
          return woven;
        }
      case SPAN:
      default:
        return new WovenMethod(
            id,
            Category.SPAN,
            className,
            methodName,
            simpleClass + "." + methodName,
            SpanKind.INTERNAL,
            base,
            Attributes.of(CODE_FUNCTION_NAME, functionName),
            base);
    }
  }

  /** The name/value of an annotation named {@code Tool} on the method, else the method name. */
  static String toolName(MethodDescription method) {
    for (AnnotationDescription annotation : method.getDeclaredAnnotations()) {
      if (!"Tool".equals(annotation.getAnnotationType().getSimpleName())) {
        continue;
      }
      for (String property : new String[] {"name", "value"}) {
        String value = stringProperty(annotation, property);
        if (value != null && !value.isEmpty()) {
          return value;
        }
      }
    }
    return method.getName();
  }

  private static String stringProperty(AnnotationDescription annotation, String property) {
    try {
      for (MethodDescription.InDefinedShape p : annotation.getAnnotationType().getDeclaredMethods()) {
        if (p.getName().equals(property) && p.getReturnType().asErasure().represents(String.class)) {
          Object value = annotation.getValue(p).resolve();
          return value instanceof String ? (String) value : null;
        }
      }
    } catch (RuntimeException e) {
      AgentLog.debug("cannot read @" + annotation.getAnnotationType().getName() + "." + property + ": " + e);
    }
    return null;
  }

  static String simpleName(String binaryName) {
    int dot = binaryName.lastIndexOf('.');
    return dot < 0 ? binaryName : binaryName.substring(dot + 1);
  }
}
