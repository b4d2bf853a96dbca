package io.cludeobs.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.pointcut.Category;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TomlSettingsFileTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    return file;
  }

  @Test
  void readsTheSeedSectionsFromTheWorkingDirectoryFile() throws IOException {
    write(
        "clude-obs.toml",
        String.join(
            "\n",
            "[other-tool]",
            "unrelated = 1",
            "[observability]",
            "enabled = true",
            "metrics_enabled = false",
            "data_dir = \"/var/obs\"",
            "debug = true",
            "[observability.metrics]",
            "collection_interval = 0.5",
            "storage_backend = \"memory\"",
            "retention_days = 30",
            "[observability.tracing]",
            "sampling_rate = 0.1",
            "exporter = [\"console\", \"file\"]",
            "batch_size = 50",
            "export_interval = \"1h\"",
            "[observability.profiling]",
            "enabled = true",
            "io_profiling = true",
            "[observability.pointcuts]",
            "task = [\"com.acme.Agent#run\", \"@com.acme.Task\"]",
            "tool = \"com.acme.Tool+#call(String, int)\"",
            "max_methods = 10",
            "[observability.store]",
            "max_file_size_mb = 1",
            "[observability.instrumentation.configured-pointcuts]",
            "enabled = false",
            ""));
    Loaded l = new Loaded(dir);
    AgentConfig c = l.load();

    assertThat(l.problems).isEmpty();
    assertThat(c.metricsEnabled()).isFalse();
    assertThat(c.dataDir()).isEqualTo(java.nio.file.Paths.get("/var/obs"));
    assertThat(c.debug()).isTrue();
    assertThat(c.collectionInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.metricsBackend()).isEqualTo(MetricsBackend.MEMORY);
    assertThat(c.retentionDays()).isEqualTo(30);
    assertThat(c.samplingRate()).isEqualTo(0.1);
    assertThat(c.traceExporters())
        .containsExactly(TraceExporterKind.FILE, TraceExporterKind.CONSOLE);
    assertThat(c.batchSize()).isEqualTo(50);
    assertThat(c.exportInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(c.profilingEnabled()).isTrue();
    assertThat(c.ioProfiling()).isTrue();
    assertThat(c.pointcuts(Category.TASK)).containsExactly("com.acme.Agent#run", "@com.acme.Task");
    assertThat(c.pointcuts(Category.TOOL)).containsExactly("com.acme.Tool+#call(String, int)");
    assertThat(c.maxWovenMethods()).isEqualTo(10);
    assertThat(c.storeMaxFileBytes()).isEqualTo(1024L * 1024);
    assertThat(c.instrumentationEnabled("configured-pointcuts")).isFalse();
  }

  @Test
  void configPropertyNamesTheFileAndBadValuesNameTheTableAndKey() throws IOException {
    write("conf/obs.toml", "[observability.tracing]\nsampling_rate = 1.5\nexporter = \"jaeger\"\n");
    Loaded l = new Loaded(dir).prop("clude.obs.config", "conf/obs.toml");
    AgentConfig c = l.load();
    assertThat(c.samplingRate()).isEqualTo(1.0);
    assertThat(l.problems)
        .containsExactly(
            "conf/obs.toml: [observability.tracing] sampling_rate=1.5:"
                + " must be a number from 0 to 1, such as 0.25; using 1.0",
            "conf/obs.toml: [observability.tracing] exporter=\"jaeger\": unknown exporter jaeger;"
                + " use file, otlp, console, or none alone; using file");
  }

  @Test
  void configEnvVarNamesTheFileWhenNoPropertyDoes() throws IOException {
    Path file = write("env.toml", "[observability]\ndebug = true\n");
    Loaded l = new Loaded(dir).env("CLUDE_OBS_CONFIG", file.toString());
    assertThat(l.load().debug()).isTrue();
    assertThat(l.problems).isEmpty();
  }

  @Test
  void unknownTomlKeysGetTheNearestKeyInTomlForm() throws IOException {
    write(
        "clude-obs.toml",
        "[observability.tracing]\n"
            + "sampling_rat = 0.5\n"
            + "[observability.pointcuts]\n"
            + "tools = [\"a.B#c\"]\n"
            + "[observability.metrics]\n"
            + "enabled = false\n");
    Loaded l = new Loaded(dir);
    l.load();
    assertThat(l.problems)
        .containsExactly(
            "unknown setting clude-obs.toml: [observability.tracing] sampling_rat=0.5;"
                + " did you mean [observability.tracing] sampling_rate?",
            "unknown setting clude-obs.toml: [observability.pointcuts] tools=[\"a.B#c\"];"
                + " did you mean [observability.pointcuts] tool?",
            "unknown setting clude-obs.toml: [observability.metrics] enabled=false;"
                + " did you mean [observability] metrics_enabled?");
  }

  @Test
  void listWhereOneValueBelongsIsReported() throws IOException {
    write("clude-obs.toml", "[observability.tracing]\nbatch_size = [1, 2]\n");
    Loaded l = new Loaded(dir);
    assertThat(l.load().batchSize()).isEqualTo(100);
    assertThat(l.problems)
        .containsExactly(
            "clude-obs.toml: [observability.tracing] batch_size=[1, 2]:"
                + " must be a single value, not a list; using 100");
  }

  @Test
  void syntaxErrorNamesFileLineAndColumnAndTheFileIsIgnored() throws IOException {
    write(
        "clude-obs.toml",
        "[observability]\ndebug = true\n[observability.tracing]\nbatch_size = = 3\n");
    Loaded l = new Loaded(dir);
    AgentConfig c = l.load();
    assertThat(c.debug()).isFalse();
    assertThat(l.problems).hasSize(1);
    assertThat(l.problems.get(0))
        .startsWith("clude-obs.toml:4:14: TOML syntax error: ")
        .endsWith("; fix the file; using defaults for its settings");
  }

  @Test
  void missingConfigFileIsReportedWithItsPathAndDefaultsAreUsed() {
    Loaded l =
        new Loaded(dir).prop("clude.obs.config", "nope.toml").prop("clude.obs.debug", "true");
    AgentConfig c = l.load();
    assertThat(c.debug()).isTrue();
    assertThat(l.problems)
        .containsExactly(
            "clude.obs.config=nope.toml: no config file at "
                + dir.resolve("nope.toml")
                + "; fix the path or unset it; using defaults instead of file settings");
  }

  @Test
  void observabilityThatIsNotATableIsReported() throws IOException {
    write("clude-obs.toml", "observability = 1\n");
    Loaded l = new Loaded(dir);
    l.load();
    assertThat(l.problems)
        .containsExactly(
            "clude-obs.toml: observability must be a table; write the settings under"
                + " [observability]; using defaults for its settings");
  }

  @Test
  void emptyExporterArrayIsReportedButEmptyPointcutArrayIsFine() throws IOException {
    write(
        "clude-obs.toml",
        "[observability.tracing]\nexporter = []\n[observability.pointcuts]\nspan = []\n");
    Loaded l = new Loaded(dir);
    AgentConfig c = l.load();
    assertThat(c.traceExporters()).containsExactly(TraceExporterKind.FILE);
    assertThat(c.pointcuts(Category.SPAN)).isEmpty();
    assertThat(l.problems)
        .containsExactly(
            "clude-obs.toml: [observability.tracing] exporter=[]: must name at least one exporter;"
                + " use file, otlp, console, or none alone; using file");
  }
}
