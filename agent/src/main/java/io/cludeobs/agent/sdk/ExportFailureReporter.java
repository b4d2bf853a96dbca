package io.cludeobs.agent.sdk;

import io.cludeobs.agent.AgentLog;
import io.cludeobs.agent.config.Printable;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.security.cert.CertificateException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;

/**
 * Turns failed exports to a remote endpoint into one clear line at most once a minute, instead of
 * the SDK's multi-line warnings.
 */
final class ExportFailureReporter {

  private static final long REPORT_EVERY_NANOS = 60_000_000_000L;

  private final String description;
  private final String unit;
  /** Shared by traces and metrics: a collector that is down is one problem, so one line a minute. */
  private static final AtomicLong lastReport = new AtomicLong(System.nanoTime() - REPORT_EVERY_NANOS);
  private final AtomicLong lost = new AtomicLong();
  /** Set at exit once the loss is reported: what fails afterwards is the exit cutting exports short. */
  private static volatile boolean silenced;

  ExportFailureReporter(String description, String unit) {
    this.description = description;
    this.unit = unit;
  }

  static void silence() {
    silenced = true;
  }

  CompletableResultCode track(CompletableResultCode result, int items) {
    result.whenComplete(
        () -> {
          if (result.isSuccess() || silenced) {
            return;
          }
          long total = lost.addAndGet(items);
          long now = System.nanoTime();
          long last = lastReport.get();
          if (now - last >= REPORT_EVERY_NANOS && lastReport.compareAndSet(last, now)) {
            Throwable cause = result.getFailureThrowable();
            Throwable tls = tlsFailure(cause);
            if (tls != null) {
              AgentLog.info(
                  description
                      + " failed: the collector's TLS certificate is not trusted ("
                      + Printable.of(String.valueOf(tls.getMessage()))
                      + "); "
                      + total
                      + " "
                      + unit
                      + " lost so far; set OTEL_EXPORTER_OTLP_CERTIFICATE to its certificate or CA as a PEM file");
              return;
            }
            AgentLog.info(
                description
                    + " failed"
                    + (cause == null ? "" : " (" + Printable.of(String.valueOf(cause.getMessage())) + ")")
                    + "; "
                    + total
                    + " "
                    + unit
                    + " lost so far; check OTEL_EXPORTER_OTLP_ENDPOINT and that the collector is running");
          }
        });
    return result;
  }

  /** The TLS handshake or certificate error in a failure's causes, or null. */
  static Throwable tlsFailure(Throwable failure) {
    Throwable t = failure;
    // a bounded walk: a cause chain can be cyclic
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      if (t instanceof SSLException || t instanceof CertificateException) {
        return t;
      }
    }
    return null;
  }

  long lost() {
    return lost.get();
  }
}
