package io.cludeobs.agent.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The valid setting keys and how each is spelled as a property, env var and TOML entry. */
final class SettingKeys {
  static final String PROPERTY_PREFIX = "clude.obs.";
  static final String ENV_PREFIX = "CLUDE_OBS_";
  static final String CONFIG_PROPERTY = "clude.obs.config";
  static final String CONFIG_ENV = "CLUDE_OBS_CONFIG";
  static final String DEFAULT_FILE_NAME = "clude-obs.toml";
  static final String TOML_ROOT = "observability";

  static final String ENABLED = "enabled";
  static final String METRICS_ENABLED = "metrics_enabled";
  static final String TRACING_ENABLED = "tracing_enabled";
  static final String PROFILING_ENABLED = "profiling_enabled";
  static final String DATA_DIR = "data_dir";
  static final String DEBUG = "debug";
  static final String COLLECTION_INTERVAL = "metrics.collection_interval";
  static final String STORAGE_BACKEND = "metrics.storage_backend";
  static final String RETENTION_DAYS = "metrics.retention_days";
  static final String METRICS_SYSTEM = "metrics.system";
  static final String METRICS_JVM = "metrics.jvm";
  static final String METRICS_APPLICATION = "metrics.application";
  static final String METRICS_BUSINESS = "metrics.business";
  static final String METRICS_HISTOGRAM = "metrics.histogram";
  static final String METRICS_MEMORY_WINDOWS = "metrics.memory_windows";
  static final String PROMETHEUS_ENABLED = "metrics.prometheus.enabled";
  static final String PROMETHEUS_HOST = "metrics.prometheus.host";
  static final String PROMETHEUS_PORT = "metrics.prometheus.port";
  static final String STATUS_ENABLED = "metrics.status.enabled";
  static final String STATUS_PORT = "metrics.status.port";
  static final String SAMPLING_RATE = "tracing.sampling_rate";
  static final String EXPORTER = "tracing.exporter";
  static final String BATCH_SIZE = "tracing.batch_size";
  static final String EXPORT_INTERVAL = "tracing.export_interval";
  static final String QUEUE_SIZE = "tracing.queue_size";
  static final String SHUTDOWN_TIMEOUT = "tracing.shutdown_timeout";
  static final String PROFILING_ON = "profiling.enabled";
  static final String CPU_PROFILING = "profiling.cpu_profiling";
  static final String MEMORY_PROFILING = "profiling.memory_profiling";
  static final String IO_PROFILING = "profiling.io_profiling";
  static final String CPU_INTERVAL = "profiling.cpu_interval";
  static final String ALLOCATION_RATE = "profiling.allocation_rate";
  static final String POINTCUTS_PREFIX = "pointcuts.";
  static final String MAX_METHODS = "pointcuts.max_methods";
  static final String STORE_MAX_FILE_SIZE_MB = "store.max_file_size_mb";
  static final String STORE_MAX_SIZE_MB = "store.max_size_mb";
  static final String FILE_IO_PATH_MODE = "file_io.path_mode";
  static final String FILE_IO_BASE_DIR = "file_io.base_dir";
  static final String FILE_IO_INCLUDE = "file_io.include";
  static final String FILE_IO_EXCLUDE = "file_io.exclude";
  static final String GENAI_CAPTURE_CONTENT = "genai.capture_content";
  static final String GENAI_CAPTURE_MAX_BYTES = "genai.capture_max_bytes";
  static final String GENAI_REDACT_PATTERNS = "genai.redact_patterns";
  static final String GENAI_PRICING_FILE = "genai.pricing_file";
  static final String SESSION_ID_SOURCE = "context.session_id_source";
  static final String BAGGAGE = "context.baggage";
  static final String BAGGAGE_ATTRIBUTES = "context.baggage_attributes";

  private static final String INSTRUMENTATION_PREFIX = "instrumentation.";
  private static final String INSTRUMENTATION_SUFFIX = ".enabled";

  /** Instrumentations that exist today; any other kebab-case name is accepted too. */
  static final List<String> KNOWN_INSTRUMENTATIONS =
      Collections.unmodifiableList(
          Arrays.asList(
              "configured-pointcuts", "executors", "file-io", "openai-java", "anthropic-java", "langchain4j",
              "spring-ai", "mcp", "log-correlation"));

  /**
   * Every fixed key. {@code profiling_enabled} comes before {@code profiling.enabled} so that
   * {@code CLUDE_OBS_PROFILING_ENABLED}, which spells both, maps to the first; either turns
   * profiling on, so the choice does not change the outcome.
   */
  static final List<String> KNOWN =
      Collections.unmodifiableList(
          Arrays.asList(
              ENABLED,
              METRICS_ENABLED,
              TRACING_ENABLED,
              PROFILING_ENABLED,
              DATA_DIR,
              DEBUG,
              COLLECTION_INTERVAL,
              STORAGE_BACKEND,
              RETENTION_DAYS,
              METRICS_SYSTEM,
              METRICS_JVM,
              METRICS_APPLICATION,
              METRICS_BUSINESS,
              METRICS_HISTOGRAM,
              METRICS_MEMORY_WINDOWS,
              PROMETHEUS_ENABLED,
              PROMETHEUS_HOST,
              PROMETHEUS_PORT,
              STATUS_ENABLED,
              STATUS_PORT,
              SAMPLING_RATE,
              EXPORTER,
              BATCH_SIZE,
              EXPORT_INTERVAL,
              QUEUE_SIZE,
              SHUTDOWN_TIMEOUT,
              PROFILING_ON,
              CPU_PROFILING,
              MEMORY_PROFILING,
              IO_PROFILING,
              CPU_INTERVAL,
              ALLOCATION_RATE,
              "pointcuts.task",
              "pointcuts.llm",
              "pointcuts.tool",
              "pointcuts.span",
              MAX_METHODS,
              STORE_MAX_FILE_SIZE_MB,
              STORE_MAX_SIZE_MB,
              FILE_IO_PATH_MODE,
              FILE_IO_BASE_DIR,
              FILE_IO_INCLUDE,
              FILE_IO_EXCLUDE,
              GENAI_CAPTURE_CONTENT,
              GENAI_CAPTURE_MAX_BYTES,
              GENAI_REDACT_PATTERNS,
              GENAI_PRICING_FILE,
              SESSION_ID_SOURCE,
              BAGGAGE,
              BAGGAGE_ATTRIBUTES));

  private static final Map<String, String> BY_ENV_NAME = new HashMap<>();

  static {
    for (String key : KNOWN) {
      BY_ENV_NAME.putIfAbsent(env(key), key);
    }
  }

  private SettingKeys() {}

  static String property(String key) {
    return PROPERTY_PREFIX + key;
  }

  static String env(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The TOML spelling without the file: {@code [observability.tracing] sampling_rate}. */
  static String toml(String key) {
    int dot = key.lastIndexOf('.');
    if (dot < 0) {
      return "[" + TOML_ROOT + "] " + key;
    }
    return "[" + TOML_ROOT + "." + key.substring(0, dot) + "] " + key.substring(dot + 1);
  }

  static String instrumentationKey(String name) {
    return INSTRUMENTATION_PREFIX + normalizeInstrumentationName(name) + INSTRUMENTATION_SUFFIX;
  }

  /** Instrumentation names compare ignoring case, with {@code _} and {@code -} alike. */
  static String normalizeInstrumentationName(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The key for a property or TOML key (both dotted, without prefix), or null if unknown. */
  static String fromDotted(String key) {
    if (KNOWN.contains(key)) {
      return key;
    }
    if (key.startsWith(INSTRUMENTATION_PREFIX) && key.endsWith(INSTRUMENTATION_SUFFIX)) {
      String name =
          key.substring(
              INSTRUMENTATION_PREFIX.length(), key.length() - INSTRUMENTATION_SUFFIX.length());
      if (isInstrumentationName(name)) {
        return instrumentationKey(name);
      }
    }
    return null;
  }

  /** The key for a full {@code CLUDE_OBS_*} variable name, or null if unknown. */
  static String fromEnv(String envName) {
    String key = BY_ENV_NAME.get(envName);
    if (key != null) {
      return key;
    }
    String prefix = ENV_PREFIX + "INSTRUMENTATION_";
    String suffix = "_ENABLED";
    if (envName.startsWith(prefix)
        && envName.endsWith(suffix)
        && envName.length() > prefix.length() + suffix.length()) {
      String name = envName.substring(prefix.length(), envName.length() - suffix.length());
      if (isInstrumentationName(name)) {
        return instrumentationKey(name);
      }
    }
    return null;
  }

  /** Letters and digits in words joined by single {@code -} or {@code _}. */
  private static boolean isInstrumentationName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    boolean afterSeparator = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (word) {
        afterSeparator = false;
      } else if ((c == '-' || c == '_') && !afterSeparator) {
        afterSeparator = true;
      } else {
        return false;
      }
    }
    return !afterSeparator;
  }

  /**
   * Dotted keys to compare an unknown key with: the fixed keys, the known instrumentations and, for
   * {@code instrumentation.<name>.<x>}, that name's switch.
   */
  static List<String> candidates(String unknownDotted) {
    List<String> result = new ArrayList<>(KNOWN);
    for (String name : KNOWN_INSTRUMENTATIONS) {
      result.add(instrumentationKey(name));
    }
    if (unknownDotted.startsWith(INSTRUMENTATION_PREFIX)) {
      int end = unknownDotted.indexOf('.', INSTRUMENTATION_PREFIX.length());
      String name =
          end < 0
              ? unknownDotted.substring(INSTRUMENTATION_PREFIX.length())
              : unknownDotted.substring(INSTRUMENTATION_PREFIX.length(), end);
      if (isInstrumentationName(name)) {
        result.add(instrumentationKey(name));
      }
    }
    return result;
  }

  /**
   * The candidate nearest to {@code written} by edit distance once both are spelled by {@code
   * form}, or null when even the nearest is too far to be a typo.
   */
  static String nearest(String written, List<String> candidates, Form form) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      String spelled = form.spell(candidate);
      int d = editDistance(written, spelled);
      if (d < bestDistance) {
        bestDistance = d;
        best = spelled;
      }
    }
    // Suggesting "enabled" for "zzz" helps nobody; allow about one slip per three characters.
    int limit = Math.max(2, form.comparableLength(written) / 3);
    return bestDistance <= limit ? best : null;
  }

  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** The three ways to write a key. */
  enum Form {
    PROPERTY {
      @Override
      String spell(String key) {
        return property(key);
      }

      @Override
      int comparableLength(String written) {
        return written.length() - PROPERTY_PREFIX.length();
      }
    },
    ENV {
      @Override
      String spell(String key) {
        return env(key);
      }

      @Override
      int comparableLength(String written) {
        return written.length() - ENV_PREFIX.length();
      }
    },
    TOML {
      @Override
      String spell(String key) {
        return toml(key);
      }

      @Override
      int comparableLength(String written) {
        return written.length() - TOML_ROOT.length() - 3;
      }
    };

    abstract String spell(String key);

    /** Length without the fixed prefix, so the typo limit scales with what the user typed. */
    abstract int comparableLength(String written);
  }
}
