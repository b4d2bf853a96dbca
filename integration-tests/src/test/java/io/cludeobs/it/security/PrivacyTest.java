package io.cludeobs.it.security;

import static io.cludeobs.it.security.CanaryRuns.SECRET_TOKEN;
import static io.cludeobs.it.security.CanaryRuns.canariesIn;
import static io.cludeobs.it.security.CanaryRuns.canariesUnder;
import static io.cludeobs.it.security.CanaryRuns.canaryApp;
import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpReceiver;
import io.cludeobs.it.support.OtlpReceiver.Protocol;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With default settings no prompt, completion, tool argument, tool result, file content or OTLP header value
 * leaves the process: not in the OTLP bytes, the local store, the audit log or stderr (debug on).
 */
class PrivacyTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void noCanaryInAnyExportedByteWithDefaults(Protocol protocol) throws IOException {
    Path work = Files.createDirectories(tmp.resolve("work"));
    Path data = tmp.resolve("data");
    try (OtlpReceiver receiver = OtlpReceiver.start(protocol)) {
      Jvm.Result run =
          canaryApp(work)
              .dataDir(data)
              .sysProp("clude.obs.debug", "true")
              // both exporters, so the local store holds the same spans the collector gets
              .sysProp("clude.obs.tracing.exporter", "otlp,file")
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
              .env("OTEL_EXPORTER_OTLP_PROTOCOL", protocol == Protocol.GRPC ? "grpc" : "http/protobuf")
              .env("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%20" + SECRET_TOKEN)
              .run(Duration.ofSeconds(90));
      run.assertExitCode(0);

      List<Span> spans = receiver.awaitSpans(4, Duration.ofSeconds(10));
      assertThat(spans.stream().map(s -> s.getName().split(" ")[0]).sorted().collect(Collectors.toList()))
          .as("the pointcuts were woven, so there was content to leak")
          .containsExactly("chat", "chat", "execute_tool", "file.read", "file.write", "invoke_agent");
      assertThat(receiver.requestHeaders().get(0))
          .as("the header was sent, so it was there to leak")
          .containsEntry("authorization", "Bearer " + SECRET_TOKEN);

      List<String> found = new ArrayList<>();
      for (ExportTraceServiceRequest r : receiver.traceExportRequests()) {
        found.addAll(canariesIn("OTLP traces", r.toByteArray()));
      }
      for (ExportMetricsServiceRequest r : receiver.metricExportRequests()) {
        found.addAll(canariesIn("OTLP metrics", r.toByteArray()));
      }
      assertThat(CanaryRuns.files(data)).as("the local store was written").isNotEmpty();
      found.addAll(canariesUnder(data));
      found.addAll(canariesIn("stderr", run.stderr().getBytes()));
      assertThat(found).isEmpty();
    }
  }

  @Test
  void everyFileTheAgentCreatesIs0600AndEveryDirectory0700() throws IOException {
    Path work = Files.createDirectories(tmp.resolve("work"));
    Path data = tmp.resolve("data").resolve("nested");
    canaryApp(work).dataDir(data).sysProp("clude.obs.debug", "true").run(Duration.ofSeconds(90)).assertExitCode(0);

    List<String> wrong = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(tmp.resolve("data"))) {
      for (Path p : walk.collect(Collectors.toList())) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
        String expected = Files.isDirectory(p) ? "rwx------" : "rw-------";
        if (!PosixFilePermissions.toString(perms).equals(expected)) {
          wrong.add(tmp.relativize(p) + " " + PosixFilePermissions.toString(perms));
        }
      }
    }
    assertThat(CanaryRuns.files(data)).isNotEmpty();
    assertThat(wrong).isEmpty();
  }
}
