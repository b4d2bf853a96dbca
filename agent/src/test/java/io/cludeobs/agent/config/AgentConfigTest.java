package io.cludeobs.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.pointcut.Category;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
  @TempDir Path dir;

  private Loaded given() {
    return new Loaded(dir).prop("user.home", "/home/ada");
  }

  @Test
  void defaultsWhenNothingIsSet() {
    Loaded l = given();
    AgentConfig c = l.load();

    assertThat(l.problems).isEmpty();
    assertThat(c.enabled()).isTrue();
    assertThat(c.metricsEnabled()).isTrue();
    assertThat(c.tracingEnabled()).isTrue();
    assertThat(c.profilingEnabled()).isFalse();
    assertThat(c.debug()).isFalse();
    assertThat(c.dataDir()).isEqualTo(Paths.get("/home/ada/.clude-obs"));
    assertThat(c.collectionInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.metricsBackend()).isEqualTo(MetricsBackend.FILE);
    assertThat(c.retentionDays()).isEqualTo(7);
    assertThat(c.samplingRate()).isEqualTo(1.0);
    assertThat(c.traceExporters()).containsExactly(TraceExporterKind.FILE);
    assertThat(c.batchSize()).isEqualTo(100);
    assertThat(c.exportInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.queueSize()).isEqualTo(2048);
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.cpuProfiling()).isTrue();
    assertThat(c.memoryProfiling()).isTrue();
    assertThat(c.ioProfiling()).isFalse();
    for (Category category : Category.values()) {
      assertThat(c.pointcuts(category)).isEmpty();
    }
    assertThat(c.maxWovenMethods()).isEqualTo(2000);
    assertThat(c.storeMaxFileBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(c.instrumentationEnabled("configured-pointcuts")).isTrue();
    assertThat(c.serviceName()).isEqualTo("unknown_service:java");
    assertThat(c.resourceAttributes()).isEmpty();
    assertThat(c.otlp().configured()).isFalse();
  }

  @Test
  void defaultsFactoryMatchesAnEmptyLoad() {
    AgentConfig d = AgentConfig.defaults();
    assertThat(d.dataDir()).isEqualTo(Paths.get(System.getProperty("user.home") + "/.clude-obs"));
    assertThat(d.describe())
        .isEqualTo(
            AgentConfig.load(
                    ConfigSources.of(
                        java.util.Collections.singletonMap(
                            "user.home", System.getProperty("user.home")),
                        java.util.Collections.<String, String>emptyMap(),
                        dir),
                    line -> {})
                .describe());
  }

  @Test
  void everySettingParsesFromSystemProperties() {
    Loaded l =
        given()
            .prop("clude.obs.enabled", "FALSE")
            .prop("clude.obs.metrics_enabled", "false")
            .prop("clude.obs.tracing_enabled", "False")
            .prop("clude.obs.profiling_enabled", "true")
            .prop("clude.obs.debug", "TRUE")
            .prop("clude.obs.data_dir", "~/obs-data")
            .prop("clude.obs.metrics.collection_interval", "500ms")
            .prop("clude.obs.metrics.storage_backend", "Memory")
            .prop("clude.obs.metrics.retention_days", "0")
            .prop("clude.obs.tracing.sampling_rate", "0.25")
            .prop("clude.obs.tracing.exporter", "otlp, console")
            .prop("clude.obs.tracing.batch_size", "10")
            .prop("clude.obs.tracing.export_interval", "2m")
            .prop("clude.obs.tracing.queue_size", "10")
            .prop("clude.obs.tracing.shutdown_timeout", "0")
            .prop("clude.obs.profiling.cpu_profiling", "false")
            .prop("clude.obs.profiling.memory_profiling", "false")
            .prop("clude.obs.profiling.io_profiling", "true")
            .prop("clude.obs.profiling.cpu_interval", "100ms")
            .prop("clude.obs.profiling.allocation_rate", "40")
            .prop("clude.obs.pointcuts.task", "com.acme.Agent#run; com.acme.Agent#step(String)")
            .prop("clude.obs.pointcuts.llm", "@com.acme.Llm")
            .prop("clude.obs.pointcuts.tool", "com.acme.tools.*+#call;;")
            .prop("clude.obs.pointcuts.span", "com.acme.Store#save(int, String)")
            .prop("clude.obs.pointcuts.max_methods", "1")
            .prop("clude.obs.store.max_file_size_mb", "3")
            .prop("clude.obs.instrumentation.configured-pointcuts.enabled", "false")
            .prop("clude.obs.instrumentation.file-io.enabled", "false");
    AgentConfig c = l.load();

    assertThat(l.problems).isEmpty();
    assertThat(c.enabled()).isFalse();
    assertThat(c.metricsEnabled()).isFalse();
    assertThat(c.tracingEnabled()).isFalse();
    assertThat(c.profilingEnabled()).isTrue();
    assertThat(c.debug()).isTrue();
    assertThat(c.dataDir()).isEqualTo(Paths.get("/home/ada/obs-data"));
    assertThat(c.collectionInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.metricsBackend()).isEqualTo(MetricsBackend.MEMORY);
    assertThat(c.retentionDays()).isEqualTo(0);
    assertThat(c.samplingRate()).isEqualTo(0.25);
    assertThat(c.traceExporters())
        .isEqualTo(EnumSet.of(TraceExporterKind.OTLP, TraceExporterKind.CONSOLE));
    assertThat(c.batchSize()).isEqualTo(10);
    assertThat(c.exportInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.queueSize()).isEqualTo(10);
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ZERO);
    assertThat(c.cpuProfiling()).isFalse();
    assertThat(c.memoryProfiling()).isFalse();
    assertThat(c.ioProfiling()).isTrue();
    assertThat(c.cpuInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(c.allocationRate()).isEqualTo(40);
    assertThat(c.pointcuts(Category.TASK))
        .containsExactly("com.acme.Agent#run", "com.acme.Agent#step(String)");
    assertThat(c.pointcuts(Category.LLM)).containsExactly("@com.acme.Llm");
    assertThat(c.pointcuts(Category.TOOL)).containsExactly("com.acme.tools.*+#call");
    assertThat(c.pointcuts(Category.SPAN)).containsExactly("com.acme.Store#save(int, String)");
    assertThat(c.maxWovenMethods()).isEqualTo(1);
    assertThat(c.storeMaxFileBytes()).isEqualTo(3L * 1024 * 1024);
    assertThat(c.instrumentationEnabled("configured-pointcuts")).isFalse();
    assertThat(c.instrumentationEnabled("file-io")).isFalse();
    assertThat(c.instrumentationEnabled("FILE_IO")).isFalse();
    assertThat(c.instrumentationEnabled("executors")).isTrue();
  }

  @Test
  void profilingTableSwitchAloneTurnsProfilingOn() {
    Loaded l = given().prop("clude.obs.profiling.enabled", "true");
    assertThat(l.load().profilingEnabled()).isTrue();
  }

  @Test
  void relativeDataDirIsTakenFromTheWorkingDirectory() {
    AgentConfig c = given().prop("clude.obs.data_dir", "obs").load();
    assertThat(c.dataDir()).isEqualTo(dir.resolve("obs"));
  }

  @Test
  void noneAloneMeansNoTraceExport() {
    Loaded l = given().prop("clude.obs.tracing.exporter", "none");
    assertThat(l.load().traceExporters()).isEmpty();
    assertThat(l.problems).isEmpty();
  }

  @Test
  void envVarsAreReadWithUpperCaseUnderscoreNames() {
    Loaded l =
        given()
            .env("CLUDE_OBS_TRACING_SAMPLING_RATE", "0.5")
            .env("CLUDE_OBS_METRICS_ENABLED", "false")
            .env("CLUDE_OBS_POINTCUTS_TOOL", "a.B#c;d.E#f")
            .env("CLUDE_OBS_INSTRUMENTATION_FILE_IO_ENABLED", "false")
            .env("CLUDE_OBS_PROFILING_ENABLED", "true");
    AgentConfig c = l.load();
    assertThat(l.problems).isEmpty();
    assertThat(c.samplingRate()).isEqualTo(0.5);
    assertThat(c.metricsEnabled()).isFalse();
    assertThat(c.pointcuts(Category.TOOL)).containsExactly("a.B#c", "d.E#f");
    assertThat(c.instrumentationEnabled("file-io")).isFalse();
    assertThat(c.profilingEnabled()).isTrue();
  }

  @Test
  void systemPropertyBeatsEnvBeatsFileBeatsDefault() throws Exception {
    java.nio.file.Files.write(
        dir.resolve("clude-obs.toml"),
        ("[observability.tracing]\nbatch_size = 30\nexport_interval = 3\nqueue_size = 300\n"
                + "shutdown_timeout = \"7s\"\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Loaded l =
        given()
            .prop("clude.obs.tracing.batch_size", "10")
            .env("CLUDE_OBS_TRACING_BATCH_SIZE", "20")
            .env("CLUDE_OBS_TRACING_EXPORT_INTERVAL", "4s")
            .prop("clude.obs.tracing.queue_size", "100");
    AgentConfig c = l.load();
    assertThat(l.problems).isEmpty();
    assertThat(c.batchSize()).isEqualTo(10); // property over env and file
    assertThat(c.exportInterval()).isEqualTo(Duration.ofSeconds(4)); // env over file
    assertThat(c.queueSize()).isEqualTo(100); // property over file
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(7)); // file over default
    assertThat(c.collectionInterval()).isEqualTo(Duration.ofSeconds(10)); // default
  }

  @Test
  void blankValuesCountAsUnset() {
    Loaded l =
        given().prop("clude.obs.tracing.batch_size", " ").env("CLUDE_OBS_TRACING_BATCH_SIZE", "7");
    assertThat(l.load().batchSize()).isEqualTo(7);
    assertThat(l.problems).isEmpty();
  }

  @Test
  void badSamplingRatesAreReportedAndTheDefaultIsUsed() {
    for (String bad : new String[] {"1.5", "-1", "abc", "NaN"}) {
      Loaded l = given().prop("clude.obs.tracing.sampling_rate", bad);
      assertThat(l.load().samplingRate()).isEqualTo(1.0);
      assertThat(l.problems)
          .containsExactly(
              "clude.obs.tracing.sampling_rate="
                  + bad
                  + ": must be a number from 0 to 1, such as 0.25; using 1.0");
    }
  }

  @Test
  void unknownExporterIsReported() {
    Loaded l = given().prop("clude.obs.tracing.exporter", "file,jaeger");
    assertThat(l.load().traceExporters()).containsExactly(TraceExporterKind.FILE);
    assertThat(l.problems)
        .containsExactly(
            "clude.obs.tracing.exporter=file,jaeger: unknown exporter jaeger;"
                + " use file, otlp, console, or none alone; using file");
  }

  @Test
  void noneWithOtherExportersIsReported() {
    Loaded l = given().env("CLUDE_OBS_TRACING_EXPORTER", "none,console");
    assertThat(l.load().traceExporters()).containsExactly(TraceExporterKind.FILE);
    assertThat(l.problems)
        .containsExactly(
            "CLUDE_OBS_TRACING_EXPORTER=none,console: none cannot be combined with other"
                + " exporters; drop none or the others; using file");
  }

  @Test
  void unknownStorageBackendIsReported() {
    Loaded l = given().prop("clude.obs.metrics.storage_backend", "s3");
    assertThat(l.load().metricsBackend()).isEqualTo(MetricsBackend.FILE);
    assertThat(l.problems)
        .containsExactly(
            "clude.obs.metrics.storage_backend=s3: unknown storage backend;"
                + " use file, memory or remote; using file");
  }

  @Test
  void badIntegersAreReported() {
    Loaded l =
        given()
            .prop("clude.obs.tracing.batch_size", "0")
            .prop("clude.obs.metrics.retention_days", "-3")
            .prop("clude.obs.store.max_file_size_mb", "big")
            .prop("clude.obs.pointcuts.max_methods", "2.5");
    AgentConfig c = l.load();
    assertThat(c.batchSize()).isEqualTo(100);
    assertThat(c.retentionDays()).isEqualTo(7);
    assertThat(c.storeMaxFileBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(c.maxWovenMethods()).isEqualTo(2000);
    assertThat(l.problems)
        .containsExactly(
            "clude.obs.metrics.retention_days=-3: must be a whole number >= 0; using 7",
            "clude.obs.tracing.batch_size=0: must be a whole number >= 1; using 100",
            "clude.obs.pointcuts.max_methods=2.5: must be a whole number >= 1; using 2000",
            "clude.obs.store.max_file_size_mb=big: must be a whole number >= 1; using 64");
  }

  @Test
  void badBooleanIsReported() {
    Loaded l = given().prop("clude.obs.debug", "yes");
    assertThat(l.load().debug()).isFalse();
    assertThat(l.problems)
        .containsExactly("clude.obs.debug=yes: must be true or false; using false");
  }

  @Test
  void badDurationsAreReported() {
    Loaded l =
        given()
            .prop("clude.obs.tracing.export_interval", "5x")
            .prop("clude.obs.metrics.collection_interval", "0s")
            .prop("clude.obs.tracing.shutdown_timeout", "-1");
    AgentConfig c = l.load();
    assertThat(c.exportInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.collectionInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(l.problems)
        .containsExactly(
            "clude.obs.metrics.collection_interval=0s: must be a duration above zero such as"
                + " 500ms, 5s, 2m, 1h or a number of seconds; using 10s",
            "clude.obs.tracing.export_interval=5x: must be a duration above zero such as"
                + " 500ms, 5s, 2m, 1h or a number of seconds; using 5s",
            "clude.obs.tracing.shutdown_timeout=-1: must be a duration such as"
                + " 500ms, 5s, 2m, 1h or a number of seconds; using 2s");
  }

  @Test
  void queueSmallerThanBatchIsRaisedToTheBatchSize() {
    Loaded l =
        given()
            .prop("clude.obs.tracing.batch_size", "500")
            .prop("clude.obs.tracing.queue_size", "50");
    AgentConfig c = l.load();
    assertThat(c.queueSize()).isEqualTo(500);
    assertThat(l.problems)
        .containsExactly(
            "clude.obs.tracing.queue_size=50: must be at least the batch size 500;"
                + " raise it or lower the batch size; using 500");
  }

  @Test
  void defaultQueueBelowALargeBatchIsRaisedToo() {
    Loaded l = given().prop("clude.obs.tracing.batch_size", "4096");
    assertThat(l.load().queueSize()).isEqualTo(4096);
    assertThat(l.problems)
        .containsExactly(
            "tracing.queue_size=2048: must be at least the batch size 4096;"
                + " raise it or lower the batch size; using 4096");
  }

  @Test
  void unknownPropertyGetsTheNearestKey() {
    Loaded l = given().prop("clude.obs.tracing.sampling_rat", "0.5");
    assertThat(l.load().samplingRate()).isEqualTo(1.0);
    assertThat(l.problems)
        .containsExactly(
            "unknown setting clude.obs.tracing.sampling_rat=0.5;"
                + " did you mean clude.obs.tracing.sampling_rate?");
  }

  @Test
  void unknownPointcutCategoryGetsTheNearestCategory() {
    Loaded l = given().prop("clude.obs.pointcuts.tools", "com.acme.Tool#run");
    assertThat(l.load().pointcuts(Category.TOOL)).isEmpty();
    assertThat(l.problems)
        .containsExactly(
            "unknown setting clude.obs.pointcuts.tools=com.acme.Tool#run;"
                + " did you mean clude.obs.pointcuts.tool?");
  }

  @Test
  void unknownEnvVarGetsTheNearestEnvName() {
    Loaded l = given().env("CLUDE_OBS_TRACING_SAMPLING_RAT", "0.5").env("CLUDE_OBS_CONFIG", " ");
    l.load();
    assertThat(l.problems)
        .containsExactly(
            "unknown setting CLUDE_OBS_TRACING_SAMPLING_RAT=0.5;"
                + " did you mean CLUDE_OBS_TRACING_SAMPLING_RATE?");
  }

  @Test
  void misspelledInstrumentationSwitchSuggestsThatInstrumentationsSwitch() {
    Loaded l =
        given()
            .prop("clude.obs.instrumentation.langchain4j.enable", "false")
            .env("CLUDE_OBS_INSTRUMENTATION_FILE_IO_ENABLE", "false");
    AgentConfig c = l.load();
    assertThat(c.instrumentationEnabled("langchain4j")).isTrue();
    assertThat(l.problems)
        .containsExactly(
            "unknown setting CLUDE_OBS_INSTRUMENTATION_FILE_IO_ENABLE=false;"
                + " did you mean CLUDE_OBS_INSTRUMENTATION_FILE_IO_ENABLED?",
            "unknown setting clude.obs.instrumentation.langchain4j.enable=false;"
                + " did you mean clude.obs.instrumentation.langchain4j.enabled?");
  }

  @Test
  void farOffUnknownKeyGetsNoGuess() {
    Loaded l = given().prop("clude.obs.colour", "blue");
    l.load();
    assertThat(l.problems)
        .containsExactly(
            "unknown setting clude.obs.colour=blue;"
                + " remove it; valid settings are listed in docs/configuration.md");
  }

  @Test
  void otherPropertiesAndTheConfigKeyAreNotUnknownSettings() {
    Loaded l = given().prop("clude.obsolete", "x").prop("java.version", "17").prop("otel.foo", "1");
    l.load();
    assertThat(l.problems).isEmpty();
  }

  @Test
  void describeListsEffectiveSettings() {
    String text =
        given()
            .prop("clude.obs.tracing.exporter", "none")
            .prop("clude.obs.tracing.export_interval", "1500ms")
            .prop("clude.obs.instrumentation.file-io.enabled", "false")
            .env("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20secret")
            .load()
            .describe();
    assertThat(text)
        .contains("tracing.exporter = none\n")
        .contains("tracing.export_interval = 1500ms\n")
        .contains("instrumentation.file-io.enabled = false\n")
        .contains("data_dir = /home/ada/.clude-obs\n")
        .contains("headers=[authorization]")
        .doesNotContain("secret");
  }
}
