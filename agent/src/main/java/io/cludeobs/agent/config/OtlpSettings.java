package io.cludeobs.agent.config;

import java.time.Duration;
import java.util.Map;

/**
 * Where and how to send OTLP, resolved per signal from the standard {@code OTEL_EXPORTER_OTLP_*}
 * settings.
 */
public final class OtlpSettings {

  /** OTLP transport. */
  public enum Protocol {
    GRPC,
    HTTP_PROTOBUF;

    /** The spelling used by {@code OTEL_EXPORTER_OTLP_PROTOCOL}. */
    @Override
    public String toString() {
      return this == GRPC ? "grpc" : "http/protobuf";
    }
  }

  private final boolean configured;
  private final String tracesEndpoint;
  private final String metricsEndpoint;
  private final Protocol tracesProtocol;
  private final Protocol metricsProtocol;
  private final Map<String, String> tracesHeaders;
  private final Map<String, String> metricsHeaders;
  private final Duration tracesTimeout;
  private final Duration metricsTimeout;
  private final byte[] tracesCertificate;
  private final byte[] metricsCertificate;

  OtlpSettings(
      boolean configured,
      String tracesEndpoint,
      String metricsEndpoint,
      Protocol tracesProtocol,
      Protocol metricsProtocol,
      Map<String, String> tracesHeaders,
      Map<String, String> metricsHeaders,
      Duration tracesTimeout,
      Duration metricsTimeout,
      byte[] tracesCertificate,
      byte[] metricsCertificate) {
    this.configured = configured;
    this.tracesEndpoint = tracesEndpoint;
    this.metricsEndpoint = metricsEndpoint;
    this.tracesProtocol = tracesProtocol;
    this.metricsProtocol = metricsProtocol;
    this.tracesHeaders = tracesHeaders;
    this.metricsHeaders = metricsHeaders;
    this.tracesTimeout = tracesTimeout;
    this.metricsTimeout = metricsTimeout;
    this.tracesCertificate = tracesCertificate;
    this.metricsCertificate = metricsCertificate;
  }

  /**
   * PEM certificates to trust for https trace exports ({@code OTEL_EXPORTER_OTLP_CERTIFICATE}), or
   * null to trust the JDK's CAs; already checked to parse.
   */
  public byte[] tracesCertificate() {
    return tracesCertificate == null ? null : tracesCertificate.clone();
  }

  /** As {@link #tracesCertificate()}, for metrics. */
  public byte[] metricsCertificate() {
    return metricsCertificate == null ? null : metricsCertificate.clone();
  }

  /** True when any OTLP endpoint setting (base, traces or metrics) is set to a valid URL. */
  public boolean configured() {
    return configured;
  }

  /** The full URL spans go to (for http/protobuf including {@code /v1/traces}). */
  public String tracesEndpoint() {
    return tracesEndpoint;
  }

  /** The full URL metrics go to (for http/protobuf including {@code /v1/metrics}). */
  public String metricsEndpoint() {
    return metricsEndpoint;
  }

  public Protocol tracesProtocol() {
    return tracesProtocol;
  }

  public Protocol metricsProtocol() {
    return metricsProtocol;
  }

  /** Unmodifiable, in the order given; values already URL-decoded. */
  public Map<String, String> tracesHeaders() {
    return tracesHeaders;
  }

  /** Unmodifiable, in the order given; values already URL-decoded. */
  public Map<String, String> metricsHeaders() {
    return metricsHeaders;
  }

  public Duration tracesTimeout() {
    return tracesTimeout;
  }

  public Duration metricsTimeout() {
    return metricsTimeout;
  }

  /** Endpoints, protocols and timeouts; header values are hidden because they often hold tokens. */
  @Override
  public String toString() {
    return "traces "
        + tracesProtocol
        + " "
        + tracesEndpoint
        + " timeout="
        + tracesTimeout.toMillis()
        + "ms headers="
        + tracesHeaders.keySet()
        + (tracesCertificate != null ? " certificate=set" : "")
        + "; metrics "
        + metricsProtocol
        + " "
        + metricsEndpoint
        + " timeout="
        + metricsTimeout.toMillis()
        + "ms headers="
        + metricsHeaders.keySet()
        + (metricsCertificate != null ? " certificate=set" : "");
  }
}
