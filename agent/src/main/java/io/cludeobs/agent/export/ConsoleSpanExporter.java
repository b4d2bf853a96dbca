package io.cludeobs.agent.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;

/**
 * Prints one readable line per span, e.g. {@code clude-obs span 'execute_tool read_file' trace=<32hex>
 * span=<16hex> parent=- 3.2ms OK {gen_ai.tool.name=read_file}}.
 */
public final class ConsoleSpanExporter implements SpanExporter {

  private final PrintStream out;

  private ConsoleSpanExporter(PrintStream out) {
    this.out = out;
  }

  /** An exporter printing to {@link System#err}, so that the app's own stdout stays clean. */
  public static ConsoleSpanExporter create() {
    return new ConsoleSpanExporter(System.err);
  }

  /** An exporter printing to {@code out}. */
  public static ConsoleSpanExporter create(PrintStream out) {
    return new ConsoleSpanExporter(Objects.requireNonNull(out, "out"));
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    StringBuilder text = new StringBuilder(256 * spans.size());
    for (SpanData span : spans) {
      appendLine(text, span);
      text.append(System.lineSeparator());
    }
    // One print call per batch keeps a batch's lines together between other threads' output.
    out.print(text);
    out.flush();
    return CompletableResultCode.ofSuccess();
  }

  static String line(SpanData span) {
    StringBuilder text = new StringBuilder(256);
    appendLine(text, span);
    return text.toString();
  }

  private static void appendLine(StringBuilder text, SpanData span) {
    SpanContext parent = span.getParentSpanContext();
    StatusData status = span.getStatus();
    text.append("clude-obs span '")
        .append(span.getName())
        .append("' trace=")
        .append(span.getTraceId())
        .append(" span=")
        .append(span.getSpanId())
        .append(" parent=")
        .append(parent.isValid() ? parent.getSpanId() : "-")
        .append(' ')
        .append(
            String.format(
                Locale.ROOT, "%.1fms", (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000_000.0))
        .append(' ')
        .append(status.getStatusCode().name());
    if (!status.getDescription().isEmpty()) {
      text.append(" '").append(status.getDescription()).append('\'');
    }
    text.append(" {");
    boolean[] first = {true};
    span.getAttributes()
        .forEach(
            (AttributeKey<?> key, Object value) -> {
              if (!first[0]) {
                text.append(", ");
              }
              first[0] = false;
              text.append(key.getKey()).append('=').append(value);
            });
    text.append('}');
  }

  @Override
  public CompletableResultCode flush() {
    out.flush();
    return CompletableResultCode.ofSuccess();
  }

  /** Leaves the stream open: it is usually stderr, which others still use. */
  @Override
  public CompletableResultCode shutdown() {
    out.flush();
    return CompletableResultCode.ofSuccess();
  }
}
