package io.cludeobs.it;

import static io.cludeobs.it.SampleRuns.agentLines;
import static io.cludeobs.it.SampleRuns.sampleApp;
import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpJson;
import io.cludeobs.it.support.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each bad setting gives exactly one clear line on stderr (the setting, the bad value, the fix)
 * and the app runs to completion with its own exit code (7 here).
 */
class BadInputTest {

  @TempDir static Path tmp;

  static Stream<Arguments> cases() throws IOException {
    Path badToml = Files.writeString(tmp.resolve("bad.toml"), "[observability\nenabled = true\n");
    Path aFile = Files.writeString(tmp.resolve("a-file"), "not a directory");
    return Stream.of(
        bad("malformed pointcut", b -> b.sysProp("clude.obs.pointcuts.tool", "com.acme..#"),
            "clude.obs.pointcuts.tool", "'com.acme..#'", "column 12", "expected a method name"),
        bad("match-all pointcut", b -> b.sysProp("clude.obs.pointcuts.span", "..*#*"),
            "clude.obs.pointcuts.span", "'..*#*'", "refused", "name your own classes"),
        bad("unknown category", b -> b.sysProp("clude.obs.pointcuts.tools", "com.acme.X#y"),
            "clude.obs.pointcuts.tools", "did you mean clude.obs.pointcuts.tool?"),
        bad("unknown key", b -> b.sysProp("clude.obs.tracing.sampling_rat", "0.5"),
            "clude.obs.tracing.sampling_rat=0.5", "did you mean clude.obs.tracing.sampling_rate?"),
        bad("sampling rate above 1", b -> b.sysProp("clude.obs.tracing.sampling_rate", "1.5"),
            "clude.obs.tracing.sampling_rate=1.5", "from 0 to 1"),
        bad("negative sampling rate", b -> b.sysProp("clude.obs.tracing.sampling_rate", "-1"),
            "clude.obs.tracing.sampling_rate=-1", "from 0 to 1"),
        bad("sampling rate not a number", b -> b.sysProp("clude.obs.tracing.sampling_rate", "abc"),
            "clude.obs.tracing.sampling_rate=abc", "from 0 to 1"),
        bad("unknown exporter", b -> b.sysProp("clude.obs.tracing.exporter", "jaeger"),
            "clude.obs.tracing.exporter=jaeger", "use file, otlp, console, or none"),
        bad("TOML syntax error", b -> b.sysProp("clude.obs.config", badToml.toString()),
            badToml + ":1:15", "TOML syntax error", "fix the file"),
        bad("missing config file", b -> b.sysProp("clude.obs.config", tmp.resolve("missing.toml").toString()),
            "clude.obs.config=" + tmp.resolve("missing.toml"), "no config file", "fix the path"),
        bad("unwritable data_dir", b -> b.dataDir(aFile.resolve("sub")),
            "data_dir " + aFile.resolve("sub"), "not writable", "set clude.obs.data_dir to a writable directory"),
        bad("OTLP endpoint refusing connections (http)",
            b -> b.env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + OtlpReceiver.unusedPort()),
            // the failure line, or, when the exporter is still retrying at exit, the exit line: one of them
            "check OTEL_EXPORTER_OTLP_ENDPOINT and that the collector is running"),
        bad("OTLP endpoint refusing connections (grpc)",
            b -> b.env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + OtlpReceiver.unusedPort())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
            "check OTEL_EXPORTER_OTLP_ENDPOINT and that the collector is running"));
  }

  private static Arguments bad(String name, Function<Jvm.Builder, Jvm.Builder> setting, String... lineParts) {
    return Arguments.of(name, setting, lineParts);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void oneClearLineAndTheAppRunsOn(String name, Function<Jvm.Builder, Jvm.Builder> setting, String[] lineParts) {
    Jvm.Result run = setting.apply(sampleApp(Jdks.current(), "1", "7")).run(Duration.ofSeconds(60));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(7);
    assertThat(run.stdout()).contains("sample-app answered 1 of 1");
    List<String> lines = agentLines(run.stderr());
    assertThat(lines).as(run.stderr()).hasSize(1);
    assertThat(lines.get(0)).contains(lineParts);
    assertThat(run.stderr().lines().filter(l -> l.contains("Exception") && !l.startsWith("clude-obs:")))
        .as("no stack traces")
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void aBadPointcutLeavesTheOthersWorking(String jdk) {
    Jvm.Result run =
        sampleApp(Jdks.resolve(jdk), "1").sysProp("clude.obs.pointcuts.tool", "com.acme..#").run(Duration.ofSeconds(60));
    run.assertExitCode(0);
    List<Span> spans = OtlpJson.readTraceFiles(run.dataDir().resolve("traces"));
    assertThat(spans.stream().map(Span::getName).sorted().collect(Collectors.toList()))
        .containsExactly(
            "Cache.lookup", "Planner.plan", "chat acme-model-1", "chat acme-model-1", "invoke_agent Agent.handle");
  }
}
