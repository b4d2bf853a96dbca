package io.cludeobs.agent.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Paths;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The standard OpenTelemetry settings clude-obs honours. A system property {@code otel.a.b} beats
 * the variable {@code OTEL_A_B}; blank values count as unset, as the OTel spec says.
 */
final class OtelEnvironment {
  static final String DEFAULT_SERVICE_NAME = "unknown_service:java";
  private static final long DEFAULT_TIMEOUT_MILLIS = 10_000L;
  private static final String BASE = "otel.exporter.otlp.";

  private final Map<String, String> properties;
  private final Map<String, String> env;
  private final ProblemReporter problems;

  OtelEnvironment(
      Map<String, String> properties, Map<String, String> env, ProblemReporter problems) {
    this.properties = properties;
    this.env = env;
    this.problems = problems;
  }

  /** The winning value for a property name, with the name it was given under; null if unset. */
  RawValue value(String property) {
    String v = properties.get(property);
    if (v != null && !v.trim().isEmpty()) {
      return RawValue.scalar(property, v);
    }
    String envName = property.toUpperCase(Locale.ROOT).replace('.', '_');
    v = env.get(envName);
    if (v != null && !v.trim().isEmpty()) {
      return RawValue.scalar(envName, v);
    }
    return null;
  }

  OtlpSettings otlp() {
    OtlpSettings.Protocol base = protocol(BASE + "protocol", OtlpSettings.Protocol.HTTP_PROTOBUF);
    OtlpSettings.Protocol traces = protocol(BASE + "traces.protocol", base);
    OtlpSettings.Protocol metrics = protocol(BASE + "metrics.protocol", base);
    String baseEndpoint = endpoint(BASE + "endpoint");
    String tracesEndpoint = endpoint(BASE + "traces.endpoint");
    String metricsEndpoint = endpoint(BASE + "metrics.endpoint");
    boolean configured = baseEndpoint != null || tracesEndpoint != null || metricsEndpoint != null;
    Map<String, String> baseHeaders = keyValues(BASE + "headers", true);
    Map<String, String> tracesHeaders = keyValues(BASE + "traces.headers", true);
    Map<String, String> metricsHeaders = keyValues(BASE + "metrics.headers", true);
    Duration baseTimeout = timeout(BASE + "timeout", Duration.ofMillis(DEFAULT_TIMEOUT_MILLIS));
    byte[] baseCertificate = certificate(BASE + "certificate");
    byte[] tracesCertificate = certificate(BASE + "traces.certificate");
    byte[] metricsCertificate = certificate(BASE + "metrics.certificate");
    return new OtlpSettings(
        configured,
        tracesEndpoint != null
            ? tracesEndpoint
            : signalEndpoint(baseEndpoint, traces, "/v1/traces"),
        metricsEndpoint != null
            ? metricsEndpoint
            : signalEndpoint(baseEndpoint, metrics, "/v1/metrics"),
        traces,
        metrics,
        tracesHeaders != null ? tracesHeaders : orEmpty(baseHeaders),
        metricsHeaders != null ? metricsHeaders : orEmpty(baseHeaders),
        timeout(BASE + "traces.timeout", baseTimeout),
        timeout(BASE + "metrics.timeout", baseTimeout),
        tracesCertificate != null ? tracesCertificate : baseCertificate,
        metricsCertificate != null ? metricsCertificate : baseCertificate);
  }

  /**
   * The PEM file's bytes once they parse as X.509 certificates, else null after one line: a bad
   * file is caught here rather than as an exception when the exporter is built.
   */
  private byte[] certificate(String property) {
    RawValue raw = value(property);
    if (raw == null) {
      return null;
    }
    String problem;
    try {
      byte[] pem = Files.readAllBytes(Paths.get(raw.text.trim()));
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
      if (!certificates.isEmpty()) {
        return pem;
      }
      problem = "the file holds no certificate";
    } catch (InvalidPathException e) {
      problem = "not a valid path (" + e.getReason() + ")";
    } catch (IOException e) {
      problem = "cannot read the file (" + e.getClass().getSimpleName() + ")";
    } catch (CertificateException | RuntimeException e) {
      problem = "not a PEM certificate (" + Printable.of(String.valueOf(e.getMessage())) + ")";
    }
    report(
        raw,
        problem + "; give the collector's certificate or its CA certificate as a PEM file",
        "the JDK's trusted certificates");
    return null;
  }

  /** gRPC takes the base as is; http/protobuf appends the signal path to the base. */
  static String signalEndpoint(String base, OtlpSettings.Protocol protocol, String path) {
    if (protocol == OtlpSettings.Protocol.GRPC) {
      return base != null ? base : "http://localhost:4317";
    }
    String b = base != null ? base : "http://localhost:4318";
    return (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path;
  }

  private OtlpSettings.Protocol protocol(String property, OtlpSettings.Protocol fallback) {
    RawValue raw = value(property);
    if (raw == null) {
      return fallback;
    }
    String t = raw.text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("grpc")) {
      return OtlpSettings.Protocol.GRPC;
    }
    if (t.equals("http/protobuf")) {
      return OtlpSettings.Protocol.HTTP_PROTOBUF;
    }
    String problem = t.equals("http/json") ? "http/json is not supported" : "unknown protocol";
    report(raw, problem + "; use grpc or http/protobuf", fallback.toString());
    return fallback;
  }

  private String endpoint(String property) {
    RawValue raw = value(property);
    if (raw == null) {
      return null;
    }
    String t = raw.text.trim();
    try {
      URI uri = new URI(t);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return t;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    problems.report(
        raw.written()
            + ": must be an http:// or https:// URL such as http://localhost:4318; ignoring it");
    return null;
  }

  private Duration timeout(String property, Duration fallback) {
    RawValue raw = value(property);
    if (raw == null) {
      return fallback;
    }
    try {
      long millis = Long.parseLong(raw.text.trim());
      if (millis >= 0) {
        return Duration.ofMillis(millis);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    report(
        raw,
        "must be a whole number of milliseconds >= 0, such as 10000",
        String.valueOf(fallback.toMillis()));
    return fallback;
  }

  /** {@code OTEL_RESOURCE_ATTRIBUTES}, values URL-decoded; empty if unset. */
  Map<String, String> resourceAttributes() {
    return orEmpty(keyValues("otel.resource.attributes", false));
  }

  /**
   * {@code OTEL_SERVICE_NAME}, else {@code service.name} from the resource attributes, as the OTel
   * SDK does.
   */
  String serviceName(Map<String, String> resourceAttributes) {
    RawValue raw = value("otel.service.name");
    if (raw != null) {
      return raw.text.trim();
    }
    String fromResource = resourceAttributes.get("service.name");
    return fromResource != null && !fromResource.isEmpty() ? fromResource : DEFAULT_SERVICE_NAME;
  }

  /** The ratio {@code OTEL_TRACES_SAMPLER} (+ {@code _ARG}) asks for; 1.0 when unset. */
  double samplerRatio() {
    RawValue sampler = value("otel.traces.sampler");
    if (sampler == null) {
      return 1.0;
    }
    String name = sampler.text.trim().toLowerCase(Locale.ROOT);
    switch (name) {
      case "always_on":
      case "parentbased_always_on":
        return 1.0;
      case "always_off":
      case "parentbased_always_off":
        return 0.0;
      case "traceidratio":
      case "parentbased_traceidratio":
        RawValue arg = value("otel.traces.sampler.arg");
        if (arg == null) {
          return 1.0;
        }
        double ratio = SettingsReader.parseRatio(arg.text);
        if (Double.isNaN(ratio)) {
          report(arg, "must be a number from 0 to 1 for " + name + ", such as 0.25", "1.0");
          return 1.0;
        }
        return ratio;
      default:
        report(
            sampler,
            "unsupported sampler; use always_on, always_off, traceidratio, parentbased_always_on,"
                + " parentbased_always_off or parentbased_traceidratio",
            "ratio 1.0");
        return 1.0;
    }
  }

  /**
   * A {@code k=v,k2=v2} list, values URL-decoded; null when unset. Bad entries are skipped; for
   * headers the message names the entry's position only, since header values are often tokens.
   */
  private Map<String, String> keyValues(String property, boolean secret) {
    RawValue raw = value(property);
    if (raw == null) {
      return null;
    }
    Map<String, String> result = new LinkedHashMap<>();
    String[] entries = raw.text.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=');
      String shown = secret ? "entry " + (i + 1) : "entry " + (i + 1) + " (" + Printable.of(entry) + ")";
      if (eq <= 0) {
        problems.report(
            raw.origin
                + ": "
                + shown
                + " is not key=value; write key=value pairs separated by commas; ignoring that"
                + " entry");
        continue;
      }
      try {
        result.put(entry.substring(0, eq).trim(), decode(entry.substring(eq + 1).trim()));
      } catch (IllegalArgumentException e) {
        problems.report(
            raw.origin
                + ": "
                + shown
                + " has a bad %-escape; write a literal % as %25; ignoring that entry");
      }
    }
    return Collections.unmodifiableMap(result);
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map != null ? map : Collections.<String, String>emptyMap();
  }

  private void report(RawValue raw, String problemAndFix, String fallback) {
    problems.report(raw.written() + ": " + problemAndFix + "; using " + fallback);
  }
}
