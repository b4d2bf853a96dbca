package io.cludeobs.agent.tracing;

import io.cludeobs.agent.AgentLog;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads model name and token usage from whatever an llm method returns and from the client it was
 * called on, through the accessor names common LLM client libraries use. Lookups are cached per
 * class; a class without such accessors costs one map lookup per call.
 */
final class LlmResponseReader {

  private static final Accessor REQUEST_MODEL =
      new Accessor("getModel", "model", "modelName", "getModelName", "getModelId", "modelId");
  private static final Accessor RESPONSE_MODEL =
      new Accessor("model", "getModel", "modelName", "getModelName", "getModelId", "modelId");
  private static final Accessor USAGE = new Accessor("usage", "getUsage", "tokenUsage", "getTokenUsage");
  private static final Accessor INPUT_TOKENS =
      new Accessor(
          "inputTokens",
          "getInputTokens",
          "promptTokens",
          "getPromptTokens",
          "inputTokenCount",
          "getInputTokenCount",
          "promptTokenCount",
          "getPromptTokenCount");
  private static final Accessor OUTPUT_TOKENS =
      new Accessor(
          "outputTokens",
          "getOutputTokens",
          "completionTokens",
          "getCompletionTokens",
          "outputTokenCount",
          "getOutputTokenCount",
          "completionTokenCount",
          "getCompletionTokenCount");

  private LlmResponseReader() {}

  /** The model the client was configured with, or null. */
  static String requestModel(Object client) {
    return client == null ? null : asString(REQUEST_MODEL.read(client));
  }

  /** The model the response names, or null. */
  static String responseModel(Object response) {
    return response == null ? null : asString(RESPONSE_MODEL.read(response));
  }

  /** Token usage object of a response, or null. */
  static Object usage(Object response) {
    return response == null ? null : unwrap(USAGE.read(response));
  }

  /** Input (prompt) tokens of a usage object, or -1. */
  static long inputTokens(Object usage) {
    return usage == null ? -1 : asLong(INPUT_TOKENS.read(usage));
  }

  /** Output (completion) tokens of a usage object, or -1. */
  static long outputTokens(Object usage) {
    return usage == null ? -1 : asLong(OUTPUT_TOKENS.read(usage));
  }

  private static Object unwrap(Object value) {
    if (value instanceof Optional) {
      return ((Optional<?>) value).orElse(null);
    }
    return value;
  }

  private static String asString(Object value) {
    value = unwrap(value);
    if (value instanceof CharSequence) {
      String s = value.toString();
      return s.isEmpty() ? null : s;
    }
    if (value instanceof Enum) {
      return ((Enum<?>) value).name();
    }
    return null;
  }

  private static long asLong(Object value) {
    value = unwrap(value);
    if (value instanceof Number) {
      return ((Number) value).longValue();
    }
    if (value instanceof OptionalLong) {
      OptionalLong o = (OptionalLong) value;
      return o.isPresent() ? o.getAsLong() : -1;
    }
    if (value instanceof OptionalInt) {
      OptionalInt o = (OptionalInt) value;
      return o.isPresent() ? o.getAsInt() : -1;
    }
    return -1;
  }

  /** The first public no-argument method with one of the given names, per class. */
  static final class Accessor extends ClassValue<Method> {
    private static final Method NONE;

    static {
      try {
        NONE = Object.class.getMethod("hashCode");
      } catch (NoSuchMethodException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final String[] names;

    Accessor(String... names) {
      this.names = names;
    }

    Object read(Object target) {
      Method m = get(target.getClass());
      if (m == NONE) {
        return null;
      }
      try {
        return m.invoke(target);
      } catch (ReflectiveOperationException | RuntimeException e) {
        AgentLog.once(
            "llm-accessor " + m, "cannot read " + m.getDeclaringClass().getName() + "." + m.getName() + "(): " + e);
        return null;
      }
    }

    @Override
    protected Method computeValue(Class<?> type) {
      for (String name : names) {
        try {
          Method m = type.getMethod(name);
          if (m.getReturnType() == void.class || Modifier.isStatic(m.getModifiers())) {
            continue;
          }
          if (!Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
            try {
              m.setAccessible(true);
            } catch (RuntimeException inaccessible) {
              continue;
            }
          }
          return m;
        } catch (NoSuchMethodException | SecurityException ignored) {
          // try the next name
        }
      }
      return NONE;
    }
  }
}
