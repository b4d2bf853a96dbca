package io.cludeobs.it.security;

import static io.cludeobs.it.security.CanaryRuns.agentLines;
import static io.cludeobs.it.security.CanaryRuns.canaryApp;
import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpReceiver;
import io.cludeobs.it.support.OtlpReceiver.Protocol;
import io.cludeobs.it.support.SelfSignedCertificate;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * OTLP over TLS to a loopback collector with a self-signed certificate: spans arrive when
 * OTEL_EXPORTER_OTLP_CERTIFICATE names the certificate, and one clear line names that setting when it does not.
 */
class OtlpTlsTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void exportsWhenTheCertificateIsConfigured(Protocol protocol) throws IOException {
    SelfSignedCertificate certificate = SelfSignedCertificate.generate(tmp);
    try (OtlpReceiver receiver = OtlpReceiver.startTls(protocol, certificate)) {
      assertThat(receiver.endpoint()).startsWith("https://127.0.0.1:");
      Jvm.Result run =
          app(protocol, receiver).env("OTEL_EXPORTER_OTLP_CERTIFICATE", certificate.pemFile().toString())
              .run(Duration.ofSeconds(90));
      run.assertExitCode(0);
      List<Span> spans = receiver.awaitSpans(4, Duration.ofSeconds(10));
      assertThat(spans.stream().map(s -> s.getName().split(" ")[0]).sorted().collect(Collectors.toList()))
          .containsExactly("chat", "chat", "execute_tool", "file.read", "file.write", "invoke_agent");
      assertThat(agentLines(run.stderr())).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void failsWithOneClearLineWithoutTheCertificate(Protocol protocol) {
    SelfSignedCertificate certificate = SelfSignedCertificate.generate(tmp);
    try (OtlpReceiver receiver = OtlpReceiver.startTls(protocol, certificate)) {
      Jvm.Result run = app(protocol, receiver).run(Duration.ofSeconds(90));
      run.assertExitCode(0);
      assertThat(receiver.traceRequests()).isZero();
      List<String> lines = agentLines(run.stderr());
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0))
          .startsWith("clude-obs: OTLP ")
          .contains(" export to " + receiver.endpoint())
          .contains("failed: the collector's TLS certificate is not trusted (")
          .endsWith("set OTEL_EXPORTER_OTLP_CERTIFICATE to its certificate or CA as a PEM file");
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aFileThatIsNoCertificateIsOneLineAtStart(Protocol protocol) throws IOException {
    Path notPem = Files.writeString(tmp.resolve("not.pem"), "hello");
    SelfSignedCertificate certificate = SelfSignedCertificate.generate(tmp);
    try (OtlpReceiver receiver = OtlpReceiver.startTls(protocol, certificate)) {
      Jvm.Result run =
          app(protocol, receiver).env("OTEL_EXPORTER_OTLP_CERTIFICATE", notPem.toString()).run(Duration.ofSeconds(90));
      run.assertExitCode(0);
      assertThat(agentLines(run.stderr()).get(0))
          .isEqualTo(
              "clude-obs: OTEL_EXPORTER_OTLP_CERTIFICATE=" + notPem + ": not a PEM certificate (No certificate data found); give the"
                  + " collector's certificate or its CA certificate as a PEM file; using the JDK's trusted certificates");
    }
  }

  private Jvm.Builder app(Protocol protocol, OtlpReceiver receiver) {
    Path work;
    try {
      work = Files.createDirectories(tmp.resolve("work"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return canaryApp(work)
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
        .env("OTEL_EXPORTER_OTLP_PROTOCOL", protocol == Protocol.GRPC ? "grpc" : "http/protobuf");
  }
}
