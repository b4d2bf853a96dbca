package io.cludeobs.agent.genai;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls public no-argument accessors of library objects by name. The agent cannot link against
 * the application's library classes, and reading them by name keeps one agent working across
 * library versions: an accessor that is missing reads as absent.
 */
final class Reflect {

  private static final Method MISSING;

  static {
    try {
      MISSING = Object.class.getMethod("hashCode");
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final ClassValue<ConcurrentHashMap<String, Method>> METHODS =
      new ClassValue<ConcurrentHashMap<String, Method>>() {
        @Override
        protected ConcurrentHashMap<String, Method> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  private Reflect() {}

  /** Whether {@code target}'s class has a public no-argument method of this name. */
  static boolean has(Object target, String name) {
    return target != null && method(target.getClass(), name) != null;
  }

  /** The accessor's value, an {@link Optional} unwrapped; null when absent, empty or failing. */
  static Object call(Object target, String name) {
    if (target == null) {
      return null;
    }
    Method m = method(target.getClass(), name);
    if (m == null) {
      return null;
    }
    try {
      Object value = m.invoke(target);
      if (value instanceof Optional) {
        return ((Optional<?>) value).orElse(null);
      }
      return value;
    } catch (Throwable t) {
      return null;
    }
  }

  /** A string accessor; the library's enum-like wrappers read as their wire value. */
  static String text(Object target, String name) {
    return wireText(call(target, name));
  }

  /** A whole-number accessor, or -1. */
  static long number(Object target, String name) {
    Object v = call(target, name);
    return v instanceof Number ? ((Number) v).longValue() : -1;
  }

  /** A decimal accessor, or null. */
  static Double decimal(Object target, String name) {
    Object v = call(target, name);
    return v instanceof Number ? ((Number) v).doubleValue() : null;
  }

  /** A list accessor, never null. */
  static List<?> list(Object target, String name) {
    Object v = call(target, name);
    return v instanceof List ? (List<?>) v : Collections.emptyList();
  }

  /**
   * A value as the wire sends it: strings as they are, the library's open enums ({@code ChatModel},
   * {@code FinishReason}) through {@code asString()}, else {@code toString()}.
   */
  static String wireText(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof CharSequence) {
      return value.toString();
    }
    if (has(value, "asString") && !has(value, "isString")) {
      Object s = call(value, "asString");
      if (s != null) {
        return s.toString();
      }
    }
    return value.toString();
  }

  private static Method method(Class<?> type, String name) {
    ConcurrentHashMap<String, Method> cache = METHODS.get(type);
    Method m = cache.get(name);
    if (m == null) {
      m = lookup(type, name);
      cache.put(name, m);
    }
    return m == MISSING ? null : m;
  }

  private static Method lookup(Class<?> type, String name) {
    try {
      Method m = type.getMethod(name);
      if (m.getDeclaringClass() == Object.class && !"toString".equals(name)) {
        return MISSING;
      }
      try {
        m.setAccessible(true);
      } catch (RuntimeException inaccessible) {
        // a public method of a public class needs no access override; others then read as absent
      }
      return m;
    } catch (NoSuchMethodException | SecurityException e) {
      return MISSING;
    }
  }
}
