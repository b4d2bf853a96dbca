package io.cludeobs.bootstrap.context;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * Called by log-correlation advice woven into the app's own logging classes: adds {@code trace_id},
 * {@code span_id} and {@code trace_flags} of the current span to a log event's context data. The
 * app's Log4j2 classes are not visible here, so they are reached by reflection, looked up once per
 * class.
 */
public final class LogCorrelation {

  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";
  public static final String TRACE_FLAGS = "trace_flags";

  private static volatile SpanIds source = SpanIds.NONE;

  private static final ClassValue<Log4jStringMap> LOG4J =
      new ClassValue<Log4jStringMap>() {
        @Override
        protected Log4jStringMap computeValue(Class<?> type) {
          return Log4jStringMap.of(type);
        }
      };

  private LogCorrelation() {}

  /** Installs the agent's source of span ids; called once by the agent at start-up. */
  public static void install(SpanIds ids) {
    source = ids == null ? SpanIds.NONE : ids;
  }

  /**
   * A Logback event's MDC map, taken on the logging thread: with the current span's ids added, as
   * a new map, or {@code mdc} itself when no span is current or the app set {@code trace_id}.
   */
  public static Map<String, String> logbackMdc(Map<String, String> mdc) {
    String[] ids = source.current();
    if (ids == null || (mdc != null && mdc.containsKey(TRACE_ID))) {
      return mdc;
    }
    Map<String, String> result = mdc == null ? new HashMap<String, String>(4) : new HashMap<String, String>(mdc);
    put(result, ids);
    return result;
  }

  /**
   * A Log4j2 {@code StringMap} returned by a {@code ContextDataInjector}: the current span's ids put
   * in it, or in a copy when it is frozen; {@code contextData} itself when no span is current, the
   * app set {@code trace_id}, or the map cannot be handled.
   */
  public static Object log4jContextData(Object contextData) {
    String[] ids = source.current();
    if (ids == null || contextData == null) {
      return contextData;
    }
    try {
      return LOG4J.get(contextData.getClass()).withIds(contextData, ids);
    } catch (Throwable t) {
      // a Log4j2 version that differs from what we know keeps its log lines unchanged
      return contextData;
    }
  }

  private static void put(Map<String, String> map, String[] ids) {
    map.put(TRACE_ID, ids[0]);
    map.put(SPAN_ID, ids[1]);
    map.put(TRACE_FLAGS, ids[2]);
  }

  /** The {@code StringMap} methods of one Log4j2 class; {@code supported} false when any is missing. */
  private static final class Log4jStringMap {
    final boolean supported;
    final Method containsKey;
    final Method isFrozen;
    final Method putValue;
    final Constructor<?> copy;

    private Log4jStringMap(Method containsKey, Method isFrozen, Method putValue, Constructor<?> copy) {
      this.supported = containsKey != null;
      this.containsKey = containsKey;
      this.isFrozen = isFrozen;
      this.putValue = putValue;
      this.copy = copy;
    }

    static Log4jStringMap of(Class<?> type) {
      try {
        // the public interfaces, so that a non-public implementation class can be called
        ClassLoader loader = type.getClassLoader();
        Class<?> stringMap = Class.forName("org.apache.logging.log4j.util.StringMap", false, loader);
        Class<?> readOnly = Class.forName("org.apache.logging.log4j.util.ReadOnlyStringMap", false, loader);
        Class<?> sorted = Class.forName("org.apache.logging.log4j.util.SortedArrayStringMap", false, loader);
        return new Log4jStringMap(
            readOnly.getMethod("containsKey", String.class),
            stringMap.getMethod("isFrozen"),
            stringMap.getMethod("putValue", String.class, Object.class),
            sorted.getConstructor(readOnly));
      } catch (Throwable t) {
        return new Log4jStringMap(null, null, null, null);
      }
    }

    Object withIds(Object map, String[] ids) throws Exception {
      if (!supported || (Boolean) containsKey.invoke(map, TRACE_ID)) {
        return map;
      }
      Object target = (Boolean) isFrozen.invoke(map) ? copy.newInstance(map) : map;
      putValue.invoke(target, TRACE_ID, ids[0]);
      putValue.invoke(target, SPAN_ID, ids[1]);
      putValue.invoke(target, TRACE_FLAGS, ids[2]);
      return target;
    }
  }
}
