package io.cludeobs.agent.config;

import io.cludeobs.agent.pointcut.Category;
import java.net.URLDecoder;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.UUID;
import java.util.regex.PatternSyntaxException;

/** The agent's effective settings, read once at start-up; immutable. */
public final class AgentConfig {
  static final Duration DEFAULT_COLLECTION_INTERVAL = Duration.ofSeconds(10);
  static final int DEFAULT_RETENTION_DAYS = 7;
  static final int DEFAULT_BATCH_SIZE = 100;
  static final Duration DEFAULT_EXPORT_INTERVAL = Duration.ofSeconds(5);
  static final int DEFAULT_QUEUE_SIZE = 2048;
  static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);
  static final Duration DEFAULT_CPU_INTERVAL = Duration.ofMillis(100);
  static final int DEFAULT_ALLOCATION_RATE = 20;
  static final int DEFAULT_MAX_METHODS = 2000;
  static final int DEFAULT_MAX_FILE_SIZE_MB = 64;
  static final int DEFAULT_MAX_SIZE_MB = 1024;
  static final int DEFAULT_CAPTURE_MAX_BYTES = 8192;
  static final String OTEL_CAPTURE_ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";
  static final String OTEL_CAPTURE_PROPERTY = "otel.instrumentation.genai.capture-message-content";
  static final String DEFAULT_DATA_DIR = "~/.clude-obs";
  static final int DEFAULT_MEMORY_WINDOWS = 360;
  static final String DEFAULT_PROMETHEUS_HOST = "127.0.0.1";
  static final int DEFAULT_PROMETHEUS_PORT = 9464;
  static final int DEFAULT_STATUS_PORT = 9465;
  private static final int MAX_LINE_CHARS = 4000;
  /** Compiling a very long literal pattern takes time quadratic in its length (regex Boyer-Moore set-up). */
  static final int MAX_PATTERN_CHARS = 1000;

  private boolean enabled;
  private boolean metricsEnabled;
  private boolean tracingEnabled;
  private boolean profilingEnabled;
  private boolean debug;
  private Path dataDir;
  private Duration collectionInterval;
  private MetricsBackend metricsBackend;
  private int retentionDays;
  private boolean systemMetrics;
  private boolean jvmMetrics;
  private boolean applicationMetrics;
  private boolean businessMetrics;
  private HistogramKind histogram;
  private int memoryWindows;
  private boolean prometheusEnabled;
  private String prometheusHost;
  private int prometheusPort;
  private boolean statusEnabled;
  private int statusPort;
  private double samplingRate;
  private Set<TraceExporterKind> traceExporters;
  private int batchSize;
  private Duration exportInterval;
  private int queueSize;
  private Duration shutdownTimeout;
  private boolean cpuProfiling;
  private boolean memoryProfiling;
  private boolean ioProfiling;
  private Duration cpuInterval;
  private int allocationRate;
  private final Map<Category, List<String>> pointcuts = new EnumMap<>(Category.class);
  private int maxWovenMethods;
  private long storeMaxFileBytes;
  private long storeMaxBytes;
  private final Map<String, Boolean> instrumentations = new HashMap<>();
  private FilePathMode fileIoPathMode;
  private Path fileIoBaseDir;
  private boolean fileIoBaseDirSet;
  private List<String> fileIoInclude;
  private List<String> fileIoExclude;
  private boolean genAiCaptureContent;
  private int genAiCaptureMaxBytes;
  private List<Pattern> genAiRedactPatterns;
  private Path genAiPricingFile;
  private OtlpSettings otlp;
  private String serviceName;
  private Map<String, String> resourceAttributes;
  private String sessionId;
  private String sessionIdSource;
  private Map<String, String> baggage;
  private List<String> baggageAttributes;

  private AgentConfig() {}

  /**
   * Reads all sources; never throws. Each bad value is reported as one line and replaced by its
   * default, and loading goes on.
   */
  public static AgentConfig load(ConfigSources sources, ProblemReporter problems) {
    Objects.requireNonNull(sources, "sources");
    Objects.requireNonNull(problems, "problems");
    ProblemReporter oneLine = oneLine(problems);
    try {
      return read(sources, oneLine);
    } catch (RuntimeException e) {
      // a bug here must not keep the application from starting
      oneLine.report(
          "configuration could not be read (" + e + "); using defaults for all settings");
      return defaults();
    }
  }

  /**
   * Escapes what user text could still carry into a line (a TOML parser message, a file name); the
   * cap is a last resort, each value is already cut to {@link Printable#MAX_VALUE_CHARS}.
   */
  private static ProblemReporter oneLine(ProblemReporter problems) {
    return line -> problems.report(Printable.of(line, MAX_LINE_CHARS));
  }

  /** Every setting at its default, as if nothing were configured. */
  public static AgentConfig defaults() {
    return read(ConfigSources.empty(), line -> {});
  }

  private static AgentConfig read(ConfigSources sources, ProblemReporter problems) {
    SettingsReader r = new SettingsReader(problems);
    ConfigSources.ConfigFile file = sources.locateFile(problems);
    if (file != null) {
      try {
        r.addToml(TomlSettingsFile.read(file.path, file.shownAs, problems));
      } catch (LinkageError e) {
        // a broken or missing TOML parser in the jar must cost the file, not the whole agent
        problems.report(
            file.shownAs
                + ": cannot parse the config file, the TOML parser failed to load ("
                + e
                + "); use system properties or env vars instead; using defaults for its settings");
      }
    }
    r.addEnv(sources.env());
    r.addProperties(sources.systemProperties());
    OtelEnvironment otel = new OtelEnvironment(sources.systemProperties(), sources.env(), problems);

    AgentConfig c = new AgentConfig();
    c.enabled = r.bool(SettingKeys.ENABLED, true);
    c.metricsEnabled = r.bool(SettingKeys.METRICS_ENABLED, true);
    c.tracingEnabled = r.bool(SettingKeys.TRACING_ENABLED, true);
    boolean profilingSwitch = r.bool(SettingKeys.PROFILING_ENABLED, false);
    boolean profilingTable = r.bool(SettingKeys.PROFILING_ON, false);
    c.profilingEnabled = profilingSwitch || profilingTable;
    c.debug = r.bool(SettingKeys.DEBUG, false);
    c.dataDir = dataDir(r, sources);

    c.otlp = otel.otlp();
    c.resourceAttributes = otel.resourceAttributes();
    c.serviceName = otel.serviceName(c.resourceAttributes);

    c.collectionInterval =
        r.duration(SettingKeys.COLLECTION_INTERVAL, DEFAULT_COLLECTION_INTERVAL, false);
    c.metricsBackend = metricsBackend(r, c.otlp.configured());
    c.retentionDays = r.intAtLeast(SettingKeys.RETENTION_DAYS, 0, DEFAULT_RETENTION_DAYS);
    c.systemMetrics = r.bool(SettingKeys.METRICS_SYSTEM, true);
    c.jvmMetrics = r.bool(SettingKeys.METRICS_JVM, true);
    c.applicationMetrics = r.bool(SettingKeys.METRICS_APPLICATION, true);
    c.businessMetrics = r.bool(SettingKeys.METRICS_BUSINESS, true);
    c.histogram = histogram(r);
    c.memoryWindows = r.intAtLeast(SettingKeys.METRICS_MEMORY_WINDOWS, 1, DEFAULT_MEMORY_WINDOWS);
    c.prometheusEnabled = r.bool(SettingKeys.PROMETHEUS_ENABLED, false);
    String host = r.text(SettingKeys.PROMETHEUS_HOST, DEFAULT_PROMETHEUS_HOST);
    c.prometheusHost = host == null || host.trim().isEmpty() ? DEFAULT_PROMETHEUS_HOST : host.trim();
    c.prometheusPort = r.intBetween(SettingKeys.PROMETHEUS_PORT, 1, 65535, DEFAULT_PROMETHEUS_PORT);
    c.statusEnabled = r.bool(SettingKeys.STATUS_ENABLED, false);
    c.statusPort = r.intBetween(SettingKeys.STATUS_PORT, 0, 65535, DEFAULT_STATUS_PORT);

    // OTEL_TRACES_SAMPLER only supplies the default; an explicit clude setting wins
    double otelRatio = otel.samplerRatio();
    c.samplingRate = r.ratio(SettingKeys.SAMPLING_RATE, otelRatio);
    c.traceExporters = traceExporters(r, c.otlp.configured());
    c.batchSize = r.intAtLeast(SettingKeys.BATCH_SIZE, 1, DEFAULT_BATCH_SIZE);
    c.exportInterval = r.duration(SettingKeys.EXPORT_INTERVAL, DEFAULT_EXPORT_INTERVAL, false);
    c.queueSize = r.intAtLeast(SettingKeys.QUEUE_SIZE, 1, DEFAULT_QUEUE_SIZE);
    if (c.queueSize < c.batchSize) {
      RawValue queue = r.raw(SettingKeys.QUEUE_SIZE);
      String written = queue != null ? queue.written() : SettingKeys.QUEUE_SIZE + "=" + c.queueSize;
      problems.report(
          written
              + ": must be at least the batch size "
              + c.batchSize
              + "; raise it or lower the batch size; using "
              + c.batchSize);
      c.queueSize = c.batchSize;
    }
    c.shutdownTimeout = r.duration(SettingKeys.SHUTDOWN_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT, true);

    c.cpuProfiling = r.bool(SettingKeys.CPU_PROFILING, true);
    c.memoryProfiling = r.bool(SettingKeys.MEMORY_PROFILING, true);
    c.ioProfiling = r.bool(SettingKeys.IO_PROFILING, false);
    c.cpuInterval = r.duration(SettingKeys.CPU_INTERVAL, DEFAULT_CPU_INTERVAL, false);
    c.allocationRate = r.intAtLeast(SettingKeys.ALLOCATION_RATE, 1, DEFAULT_ALLOCATION_RATE);

    for (Category category : Category.values()) {
      List<String> items = r.list(SettingKeys.POINTCUTS_PREFIX + category.key(), ';');
      c.pointcuts.put(
          category,
          items == null ? Collections.<String>emptyList() : Collections.unmodifiableList(items));
    }
    c.maxWovenMethods = r.intAtLeast(SettingKeys.MAX_METHODS, 1, DEFAULT_MAX_METHODS);
    c.storeMaxFileBytes =
        r.intAtLeast(SettingKeys.STORE_MAX_FILE_SIZE_MB, 1, DEFAULT_MAX_FILE_SIZE_MB)
            * 1024L
            * 1024L;
    c.storeMaxBytes = r.intAtLeast(SettingKeys.STORE_MAX_SIZE_MB, 0, DEFAULT_MAX_SIZE_MB) * 1024L * 1024L;
    for (String key : r.instrumentationKeys()) {
      c.instrumentations.put(key, r.bool(key, true));
    }
    c.fileIoPathMode = pathMode(r);
    c.fileIoBaseDir = baseDir(r, sources);
    c.fileIoBaseDirSet = r.isSet(SettingKeys.FILE_IO_BASE_DIR);
    c.fileIoInclude = globs(r, SettingKeys.FILE_IO_INCLUDE);
    c.fileIoExclude = globs(r, SettingKeys.FILE_IO_EXCLUDE);
    // the OpenTelemetry instrumentations' switch turns capture on too; the clude setting wins when set
    boolean otelCapture =
        "true".equalsIgnoreCase(trimmed(sources.env().get(OTEL_CAPTURE_ENV)))
            || "true".equalsIgnoreCase(trimmed(sources.systemProperties().get(OTEL_CAPTURE_PROPERTY)));
    c.genAiCaptureContent = r.bool(SettingKeys.GENAI_CAPTURE_CONTENT, otelCapture);
    c.genAiCaptureMaxBytes = r.intAtLeast(SettingKeys.GENAI_CAPTURE_MAX_BYTES, 0, DEFAULT_CAPTURE_MAX_BYTES);
    c.genAiRedactPatterns = redactPatterns(r);
    String pricing = r.text(SettingKeys.GENAI_PRICING_FILE, "(bundled table only)");
    c.genAiPricingFile = pricingFile(r, pricing, sources);
    c.sessionId = sessionId(r, sources, c.resourceAttributes);
    // the id itself differs per process; describe() shows where it came from
    String source = r.text(SettingKeys.SESSION_ID_SOURCE, "generated");
    c.sessionIdSource =
        source != null
            ? source.trim()
            : c.resourceAttributes.containsKey("session.id") ? "resource attribute session.id" : "generated";
    c.baggage = baggage(r);
    List<String> attributes = r.list(SettingKeys.BAGGAGE_ATTRIBUTES, ',');
    // a blank value means "not set", so "none" spells the empty list
    if (attributes != null && attributes.size() == 1 && attributes.get(0).equalsIgnoreCase("none")) {
      attributes = Collections.emptyList();
    }
    c.baggageAttributes =
        attributes == null
            ? Collections.singletonList("*")
            : Collections.unmodifiableList(attributes);
    return c;
  }

  private static Path pricingFile(SettingsReader r, String text, ConfigSources sources) {
    if (text == null || text.trim().isEmpty()) {
      return null;
    }
    try {
      return expand(text.trim(), sources);
    } catch (InvalidPathException e) {
      r.report(
          r.raw(SettingKeys.GENAI_PRICING_FILE),
          "not a valid path (" + e.getReason() + "); give the path of a pricing file",
          "the bundled table only");
      return null;
    }
  }

  private static String trimmed(String s) {
    return s == null ? null : s.trim();
  }

  /** Regular expressions; bad ones are reported and dropped, the built-in redactions stay. */
  private static List<Pattern> redactPatterns(SettingsReader r) {
    List<String> items = r.list(SettingKeys.GENAI_REDACT_PATTERNS, ';');
    if (items == null) {
      return Collections.emptyList();
    }
    List<Pattern> valid = new ArrayList<>();
    for (String regex : items) {
      if (regex.length() > MAX_PATTERN_CHARS) {
        r.report(
            r.raw(SettingKeys.GENAI_REDACT_PATTERNS),
            "a regular expression is " + regex.length() + " chars, more than " + MAX_PATTERN_CHARS
                + "; shorten it, see docs/genai.md#content-capture",
            "the other patterns and the built-in redactions");
        continue;
      }
      try {
        valid.add(Pattern.compile(regex));
      } catch (PatternSyntaxException e) {
        r.report(
            r.raw(SettingKeys.GENAI_REDACT_PATTERNS),
            "bad regular expression " + Printable.of(regex) + " (" + e.getDescription()
                + "); fix or remove it, see docs/genai.md#content-capture",
            "the other patterns and the built-in redactions");
      }
    }
    return Collections.unmodifiableList(valid);
  }

  private static Path dataDir(SettingsReader r, ConfigSources sources) {
    String text = r.text(SettingKeys.DATA_DIR, DEFAULT_DATA_DIR);
    Path fallback = expand(DEFAULT_DATA_DIR, sources);
    if (text == null) {
      return fallback;
    }
    try {
      return expand(text.trim(), sources);
    } catch (InvalidPathException e) {
      r.report(
          r.raw(SettingKeys.DATA_DIR),
          "not a valid path (" + e.getReason() + "); give a directory path",
          fallback.toString());
      return fallback;
    }
  }

  /** A leading {@code ~} is the user's home; relative paths start at the working directory. */
  private static Path expand(String path, ConfigSources sources) {
    if (path.equals("~") || path.startsWith("~/") || path.startsWith("~\\")) {
      return Paths.get(sources.userHome() + path.substring(1));
    }
    return sources.resolve(path);
  }

  private static FilePathMode pathMode(SettingsReader r) {
    String text = r.text(SettingKeys.FILE_IO_PATH_MODE, "relative");
    if (text == null) {
      return FilePathMode.RELATIVE;
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (FilePathMode m : FilePathMode.values()) {
      if (m.name().toLowerCase(Locale.ROOT).equals(t)) {
        return m;
      }
    }
    r.report(
        r.raw(SettingKeys.FILE_IO_PATH_MODE), "unknown path mode; use full, relative, hashed or none", "relative");
    return FilePathMode.RELATIVE;
  }

  private static Path baseDir(SettingsReader r, ConfigSources sources) {
    Path workingDir = sources.resolve("").toAbsolutePath();
    String text = r.text(SettingKeys.FILE_IO_BASE_DIR, workingDir.toString());
    if (text == null) {
      return workingDir;
    }
    try {
      return expand(text.trim(), sources).normalize();
    } catch (InvalidPathException e) {
      r.report(
          r.raw(SettingKeys.FILE_IO_BASE_DIR),
          "not a valid path (" + e.getReason() + "); give a directory path",
          workingDir.toString());
      return workingDir;
    }
  }

  /** Glob patterns as {@link java.nio.file.FileSystem#getPathMatcher} reads them; bad ones are reported and dropped. */
  private static List<String> globs(SettingsReader r, String key) {
    List<String> items = r.list(key, ';');
    if (items == null) {
      return Collections.emptyList();
    }
    List<String> valid = new ArrayList<>();
    for (String glob : items) {
      if (glob.length() > MAX_PATTERN_CHARS) {
        r.report(
            r.raw(key),
            "a glob is " + glob.length() + " chars, more than " + MAX_PATTERN_CHARS
                + "; shorten it, see docs/configuration.md#file-io",
            "the other globs");
        continue;
      }
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + glob);
        valid.add(glob);
      } catch (PatternSyntaxException e) {
        r.report(
            r.raw(key),
            "bad glob " + Printable.of(glob) + " (" + e.getDescription() + "); fix or remove it, see docs/configuration.md#file-io",
            "the other globs");
      }
    }
    return Collections.unmodifiableList(valid);
  }

  /**
   * Resolved once per process, so spans, baggage and the audit log carry the same id. Without a
   * source a {@code session.id} resource attribute is used, as the audit log always did.
   */
  private static String sessionId(
      SettingsReader r, ConfigSources sources, Map<String, String> resourceAttributes) {
    String generated = UUID.randomUUID().toString();
    String text = r.text(SettingKeys.SESSION_ID_SOURCE, "generated");
    if (text == null) {
      String fromResource = resourceAttributes.get("session.id");
      return fromResource != null && !fromResource.isEmpty() ? fromResource : generated;
    }
    String t = text.trim();
    if (t.equalsIgnoreCase("generated")) {
      return generated;
    }
    int colon = t.indexOf(':');
    String kind = colon < 0 ? "" : t.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    String name = colon < 0 ? "" : t.substring(colon + 1).trim();
    if (name.isEmpty() || !(kind.equals("property") || kind.equals("env"))) {
      r.report(
          r.raw(SettingKeys.SESSION_ID_SOURCE),
          "unknown session id source; use generated, property:<system property> or env:<variable>",
          "a generated id");
      return generated;
    }
    String value =
        kind.equals("property") ? sources.systemProperties().get(name) : sources.env().get(name);
    if (value == null || value.trim().isEmpty()) {
      r.report(
          r.raw(SettingKeys.SESSION_ID_SOURCE),
          (kind.equals("property") ? "system property " : "env var ")
              + Printable.of(name)
              + " is not set; set it or use generated",
          "a generated id");
      return generated;
    }
    return value.trim();
  }

  /** {@code k=v} items, values percent-decoded as in W3C baggage; bad items reported and dropped. */
  private static Map<String, String> baggage(SettingsReader r) {
    List<String> items = r.list(SettingKeys.BAGGAGE, ',');
    if (items == null) {
      return Collections.emptyMap();
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (String item : items) {
      int eq = item.indexOf('=');
      String key = eq < 0 ? "" : item.substring(0, eq).trim();
      if (key.isEmpty() || !isBaggageKey(key)) {
        r.report(
            r.raw(SettingKeys.BAGGAGE),
            "bad entry " + Printable.of(item) + "; write key=value items separated by commas, keys without spaces, = or ,",
            "the other entries");
        continue;
      }
      String value = item.substring(eq + 1).trim();
      try {
        value = URLDecoder.decode(value.replace("+", "%2B"), "UTF-8");
      } catch (IllegalArgumentException | java.io.UnsupportedEncodingException e) {
        // not percent-encoded after all: keep the text as written
      }
      result.put(key, value);
    }
    return Collections.unmodifiableMap(result);
  }

  /** A W3C baggage key is an HTTP token: printable ASCII without separators. */
  private static boolean isBaggageKey(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c <= ' ' || c >= 127 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static MetricsBackend metricsBackend(SettingsReader r, boolean otlpConfigured) {
    MetricsBackend fallback = otlpConfigured ? MetricsBackend.REMOTE : MetricsBackend.FILE;
    String shown = fallback.name().toLowerCase(Locale.ROOT);
    String text = r.text(SettingKeys.STORAGE_BACKEND, shown);
    if (text == null) {
      return fallback;
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (MetricsBackend b : MetricsBackend.values()) {
      if (b.name().toLowerCase(Locale.ROOT).equals(t)) {
        return b;
      }
    }
    r.report(
        r.raw(SettingKeys.STORAGE_BACKEND),
        "unknown storage backend; use file, memory or remote",
        shown);
    return fallback;
  }

  private static HistogramKind histogram(SettingsReader r) {
    String text = r.text(SettingKeys.METRICS_HISTOGRAM, "explicit");
    if (text == null) {
      return HistogramKind.EXPLICIT;
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (HistogramKind k : HistogramKind.values()) {
      if (k.name().toLowerCase(Locale.ROOT).equals(t)) {
        return k;
      }
    }
    r.report(
        r.raw(SettingKeys.METRICS_HISTOGRAM),
        "unknown histogram kind; use explicit or exponential",
        "explicit");
    return HistogramKind.EXPLICIT;
  }

  private static Set<TraceExporterKind> traceExporters(SettingsReader r, boolean otlpConfigured) {
    Set<TraceExporterKind> fallback =
        EnumSet.of(otlpConfigured ? TraceExporterKind.OTLP : TraceExporterKind.FILE);
    String shown = otlpConfigured ? "otlp" : "file";
    List<String> names = r.list(SettingKeys.EXPORTER, ',');
    if (names == null) {
      return fallback;
    }
    RawValue raw = r.raw(SettingKeys.EXPORTER);
    if (names.isEmpty()) {
      r.report(
          raw, "must name at least one exporter; use file, otlp, console, or none alone", shown);
      return fallback;
    }
    Set<TraceExporterKind> result = EnumSet.noneOf(TraceExporterKind.class);
    boolean none = false;
    for (String name : names) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.equals("none")) {
        none = true;
        continue;
      }
      TraceExporterKind kind = null;
      for (TraceExporterKind k : TraceExporterKind.values()) {
        if (k.name().toLowerCase(Locale.ROOT).equals(n)) {
          kind = k;
        }
      }
      if (kind == null) {
        r.report(
            raw, "unknown exporter " + Printable.of(name) + "; use file, otlp, console, or none alone", shown);
        return fallback;
      }
      result.add(kind);
    }
    if (none && !result.isEmpty()) {
      r.report(raw, "none cannot be combined with other exporters; drop none or the others", shown);
      return fallback;
    }
    return result;
  }

  /** The master switch; when false the agent installs nothing, whatever the other switches say. */
  public boolean enabled() {
    return enabled;
  }

  /** {@code metrics_enabled}, not combined with {@link #enabled()}. */
  public boolean metricsEnabled() {
    return metricsEnabled;
  }

  /** {@code tracing_enabled}, not combined with {@link #enabled()}. */
  public boolean tracingEnabled() {
    return tracingEnabled;
  }

  /**
   * {@code profiling_enabled} or {@code profiling.enabled}, not combined with {@link #enabled()}.
   */
  public boolean profilingEnabled() {
    return profilingEnabled;
  }

  public boolean debug() {
    return debug;
  }

  /** With {@code ~} expanded and a relative path resolved against the working directory. */
  public Path dataDir() {
    return dataDir;
  }

  public Duration collectionInterval() {
    return collectionInterval;
  }

  public MetricsBackend metricsBackend() {
    return metricsBackend;
  }

  public int retentionDays() {
    return retentionDays;
  }

  /** {@code metrics.system}: host CPU, memory, disk, network and load metrics (OSHI). */
  public boolean systemMetrics() {
    return systemMetrics;
  }

  /** {@code metrics.jvm}: heap, GC, threads, classes and CPU of this JVM. */
  public boolean jvmMetrics() {
    return jvmMetrics;
  }

  /** {@code metrics.application}: per-method calls, errors, latency and concurrency. */
  public boolean applicationMetrics() {
    return applicationMetrics;
  }

  /** {@code metrics.business}: tasks, LLM requests and tokens, tool calls. */
  public boolean businessMetrics() {
    return businessMetrics;
  }

  public HistogramKind histogram() {
    return histogram;
  }

  /** How many collections the {@code memory} backend keeps. */
  public int memoryWindows() {
    return memoryWindows;
  }

  /** {@code metrics.prometheus.enabled}: serve a Prometheus scrape endpoint. */
  public boolean prometheusEnabled() {
    return prometheusEnabled;
  }

  public String prometheusHost() {
    return prometheusHost;
  }

  public int prometheusPort() {
    return prometheusPort;
  }

  /** {@code metrics.status.enabled}: serve the memory backend's windows on loopback. */
  public boolean statusEnabled() {
    return statusEnabled;
  }

  /** 0 means any free port. */
  public int statusPort() {
    return statusPort;
  }

  /** The head-sampling ratio in [0, 1]: clude setting, else {@code OTEL_TRACES_SAMPLER}, else 1. */
  public double samplingRate() {
    return samplingRate;
  }

  /** A fresh copy; empty when the user chose {@code none}. */
  public Set<TraceExporterKind> traceExporters() {
    return traceExporters.isEmpty()
        ? EnumSet.noneOf(TraceExporterKind.class)
        : EnumSet.copyOf(traceExporters);
  }

  public int batchSize() {
    return batchSize;
  }

  public Duration exportInterval() {
    return exportInterval;
  }

  /** Never below {@link #batchSize()}. */
  public int queueSize() {
    return queueSize;
  }

  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  public boolean cpuProfiling() {
    return cpuProfiling;
  }

  public boolean memoryProfiling() {
    return memoryProfiling;
  }

  public boolean ioProfiling() {
    return ioProfiling;
  }

  /** How often JFR takes a stack of each thread running Java while CPU profiling is on. */
  public Duration cpuInterval() {
    return cpuInterval;
  }

  /** At most this many allocation samples a second (JDK 16+) while memory profiling is on. */
  public int allocationRate() {
    return allocationRate;
  }

  /** The user's pointcut expressions for a category, unparsed; unmodifiable, empty if none. */
  public List<String> pointcuts(Category category) {
    return pointcuts.get(category);
  }

  /** Above this many woven methods the agent warns that the pointcuts match too much. */
  public int maxWovenMethods() {
    return maxWovenMethods;
  }

  public long storeMaxFileBytes() {
    return storeMaxFileBytes;
  }

  /** The local store is cut, oldest files first, to this many bytes at start-up; 0 for no cap. */
  public long storeMaxBytes() {
    return storeMaxBytes;
  }

  /**
   * {@code instrumentation.<name>.enabled}; true unless switched off. Case and {@code _}/{@code -}
   * are ignored.
   */
  public boolean instrumentationEnabled(String name) {
    Boolean value = instrumentations.get(SettingKeys.instrumentationKey(name));
    return value == null || value;
  }

  /** {@code file_io.path_mode}: how file paths appear in spans and the audit log. */
  public FilePathMode fileIoPathMode() {
    return fileIoPathMode;
  }

  /** {@code file_io.base_dir}: what {@code relative} paths are relative to; absolute and normalized. */
  public Path fileIoBaseDir() {
    return fileIoBaseDir;
  }

  /** {@code file_io.include}: valid globs only; empty means every path not excluded. */
  public List<String> fileIoInclude() {
    return fileIoInclude;
  }

  /**
   * {@code genai.capture_content}: prompt, completion and tool text on spans; off unless set, or
   * unless {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true}.
   */
  public boolean genAiCaptureContent() {
    return genAiCaptureContent;
  }

  /** {@code genai.capture_max_bytes}: the cap on each captured attribute's text, UTF-8 bytes. */
  public int genAiCaptureMaxBytes() {
    return genAiCaptureMaxBytes;
  }

  /** {@code genai.redact_patterns}: valid user regular expressions, applied after the built-in ones. */
  public List<Pattern> genAiRedactPatterns() {
    return genAiRedactPatterns;
  }

  /** {@code genai.pricing_file}: the user's price table that overrides the bundled one, or null. */
  public Path genAiPricingFile() {
    return genAiPricingFile;
  }

  /** {@code file_io.exclude}: valid globs only, added to the built-in excludes. */
  public List<String> fileIoExclude() {
    return fileIoExclude;
  }

  public OtlpSettings otlp() {
    return otlp;
  }

  /**
   * {@code OTEL_SERVICE_NAME}, else {@code service.name} in the resource attributes, else {@code
   * unknown_service:java}.
   */
  public String serviceName() {
    return serviceName;
  }

  /** {@code OTEL_RESOURCE_ATTRIBUTES}, values URL-decoded; unmodifiable. */
  public Map<String, String> resourceAttributes() {
    return resourceAttributes;
  }

  /**
   * The session id: from {@code context.session_id_source} ({@code generated}, {@code
   * property:<name>} or {@code env:<name>}), else the {@code session.id} resource attribute, else
   * generated once per process.
   */
  public String sessionId() {
    return sessionId;
  }

  /** {@code context.baggage}: entries put in the baggage where a trace starts; unmodifiable, in order. */
  public Map<String, String> baggage() {
    return baggage;
  }

  /**
   * {@code context.baggage_attributes}: baggage keys copied to span attributes; {@code *} for all
   * (the default), empty for none ({@code none} or an empty TOML array).
   */
  public List<String> baggageAttributes() {
    return baggageAttributes;
  }

  /**
   * One {@code key = value} line per effective setting, for {@code debug} output; header values
   * hidden.
   */
  public String describe() {
    StringBuilder b = new StringBuilder();
    line(b, SettingKeys.ENABLED, enabled);
    line(b, SettingKeys.METRICS_ENABLED, metricsEnabled);
    line(b, SettingKeys.TRACING_ENABLED, tracingEnabled);
    line(b, SettingKeys.PROFILING_ENABLED, profilingEnabled);
    line(b, SettingKeys.DEBUG, debug);
    line(b, SettingKeys.DATA_DIR, dataDir);
    line(b, SettingKeys.COLLECTION_INTERVAL, DurationSyntax.format(collectionInterval));
    line(b, SettingKeys.STORAGE_BACKEND, metricsBackend.name().toLowerCase(Locale.ROOT));
    line(b, SettingKeys.RETENTION_DAYS, retentionDays);
    line(b, SettingKeys.METRICS_SYSTEM, systemMetrics);
    line(b, SettingKeys.METRICS_JVM, jvmMetrics);
    line(b, SettingKeys.METRICS_APPLICATION, applicationMetrics);
    line(b, SettingKeys.METRICS_BUSINESS, businessMetrics);
    line(b, SettingKeys.METRICS_HISTOGRAM, histogram.name().toLowerCase(Locale.ROOT));
    line(b, SettingKeys.METRICS_MEMORY_WINDOWS, memoryWindows);
    line(b, SettingKeys.PROMETHEUS_ENABLED, prometheusEnabled);
    line(b, SettingKeys.PROMETHEUS_HOST, prometheusHost);
    line(b, SettingKeys.PROMETHEUS_PORT, prometheusPort);
    line(b, SettingKeys.STATUS_ENABLED, statusEnabled);
    line(b, SettingKeys.STATUS_PORT, statusPort);
    line(b, SettingKeys.SAMPLING_RATE, samplingRate);
    line(b, SettingKeys.EXPORTER, exportersText());
    line(b, SettingKeys.BATCH_SIZE, batchSize);
    line(b, SettingKeys.EXPORT_INTERVAL, DurationSyntax.format(exportInterval));
    line(b, SettingKeys.QUEUE_SIZE, queueSize);
    line(b, SettingKeys.SHUTDOWN_TIMEOUT, DurationSyntax.format(shutdownTimeout));
    line(b, SettingKeys.CPU_PROFILING, cpuProfiling);
    line(b, SettingKeys.MEMORY_PROFILING, memoryProfiling);
    line(b, SettingKeys.IO_PROFILING, ioProfiling);
    line(b, SettingKeys.CPU_INTERVAL, DurationSyntax.format(cpuInterval));
    line(b, SettingKeys.ALLOCATION_RATE, allocationRate);
    for (Category category : Category.values()) {
      line(b, SettingKeys.POINTCUTS_PREFIX + category.key(), pointcuts.get(category));
    }
    line(b, SettingKeys.MAX_METHODS, maxWovenMethods);
    line(b, SettingKeys.STORE_MAX_FILE_SIZE_MB, storeMaxFileBytes / (1024L * 1024L));
    line(b, SettingKeys.STORE_MAX_SIZE_MB, storeMaxBytes / (1024L * 1024L));
    for (Map.Entry<String, Boolean> e : new TreeMap<>(instrumentations).entrySet()) {
      line(b, e.getKey(), e.getValue());
    }
    line(b, SettingKeys.FILE_IO_PATH_MODE, fileIoPathMode.name().toLowerCase(Locale.ROOT));
    // unset, it follows the working directory, which differs between runs of the same settings
    line(b, SettingKeys.FILE_IO_BASE_DIR, fileIoBaseDirSet ? fileIoBaseDir : "(working directory)");
    line(b, SettingKeys.FILE_IO_INCLUDE, fileIoInclude);
    line(b, SettingKeys.FILE_IO_EXCLUDE, fileIoExclude);
    line(b, SettingKeys.GENAI_CAPTURE_CONTENT, genAiCaptureContent);
    line(b, SettingKeys.GENAI_CAPTURE_MAX_BYTES, genAiCaptureMaxBytes);
    line(b, SettingKeys.GENAI_REDACT_PATTERNS, genAiRedactPatterns);
    line(b, SettingKeys.GENAI_PRICING_FILE, genAiPricingFile);
    line(b, "otlp.configured", otlp.configured());
    line(b, "otlp", otlp);
    line(b, "service.name", serviceName);
    line(b, "resource.attributes", resourceAttributes);
    line(b, SettingKeys.SESSION_ID_SOURCE, sessionIdSource);
    line(b, SettingKeys.BAGGAGE, baggage);
    line(b, SettingKeys.BAGGAGE_ATTRIBUTES, baggageAttributes);
    return b.toString();
  }

  private String exportersText() {
    if (traceExporters.isEmpty()) {
      return "none";
    }
    StringBuilder b = new StringBuilder();
    for (TraceExporterKind k : traceExporters) {
      b.append(b.length() == 0 ? "" : ",").append(k.name().toLowerCase(Locale.ROOT));
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String key, Object value) {
    b.append(key).append(" = ").append(value).append('\n');
  }
}
