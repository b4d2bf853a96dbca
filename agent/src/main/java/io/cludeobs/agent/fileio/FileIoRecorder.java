package io.cludeobs.agent.fileio;

import static io.opentelemetry.semconv.ErrorAttributes.ERROR_TYPE;

import io.cludeobs.agent.AgentLog;
import io.cludeobs.agent.tracing.CallDispatcher;
import io.cludeobs.bootstrap.FileIo;
import io.cludeobs.bootstrap.FileIoSink;
import io.cludeobs.bootstrap.FileOp;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Turns file operations into telemetry: metrics for every one; a span when a sampled trace was
 * current when it began; an audit event when it changed a file inside a tool call. A stream's span
 * is built when it closes, with the open time as its start, so a stream never closed leaves no
 * half-open span behind (and no metrics either).
 */
final class FileIoRecorder implements FileIoSink {

  static final AttributeKey<String> PATH = AttributeKey.stringKey("file.path");
  static final AttributeKey<String> TARGET_PATH = AttributeKey.stringKey("clude.file.target_path");
  static final AttributeKey<Long> BYTES = AttributeKey.longKey("clude.file.bytes");

  private static final Context ROOT = Context.root();

  private final Tracer tracer;
  private final FileIoMetrics metrics;
  private final PathRules paths;
  private final AuditLog audit;
  // maps System.nanoTime() to epoch nanos for span timestamps
  private final long anchorEpochNanos;
  private final long anchorNanoTime;

  FileIoRecorder(Tracer tracer, FileIoMetrics metrics, PathRules paths, AuditLog audit) {
    this.tracer = tracer;
    this.metrics = metrics;
    this.paths = paths;
    this.audit = audit;
    Instant now = Instant.now();
    this.anchorNanoTime = System.nanoTime();
    this.anchorEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public Object opened(String path, int mode) {
    try {
      TrackedPath p = paths.resolve(path);
      if (p == null) {
        return null;
      }
      Context current = Context.current();
      boolean sampled = sampled(current);
      boolean audited = audit != null && (mode & FileIo.MODE_WRITE) != 0 && CallDispatcher.inToolCall();
      // the common case, outside traces and tool calls, keeps only the cached path: no allocation
      return sampled || audited ? new OpenFile(p, current, sampled, audited) : p;
    } catch (Throwable t) {
      contained(t);
      return null;
    }
  }

  @Override
  public void openFailed(String path, int mode, long startNanos, Throwable thrown) {
    try {
      TrackedPath p = paths.resolve(path);
      if (p == null) {
        return;
      }
      long end = System.nanoTime();
      FileOperation op = (mode & FileIo.MODE_WRITE) != 0 && (mode & FileIo.MODE_READ) == 0 ? FileOperation.WRITE : FileOperation.READ;
      String errorType = thrown.getClass().getName();
      Context current = Context.current();
      metrics.record(op, errorType, end - startNanos, -1, current);
      if (sampled(current)) {
        span(current, op, p, null, -1, startNanos, end, thrown);
      }
    } catch (Throwable t) {
      contained(t);
    }
  }

  @Override
  public void closed(FileOp handle, long endNanos) {
    try {
      Object state = handle.state();
      // outside traces and tool calls the state is the path, which only spans and audit events need
      OpenFile open = state instanceof OpenFile ? (OpenFile) state : null;
      long written = handle.writtenBytes();
      long read = handle.readBytes();
      FileOperation op;
      long bytes;
      if (written > 0 || (read == 0 && handle.mode() == FileIo.MODE_WRITE)) {
        op = FileOperation.WRITE;
        bytes = written;
      } else {
        op = FileOperation.READ;
        bytes = read;
      }
      Throwable error = handle.error();
      String errorType = error == null ? null : error.getClass().getName();
      // the context of the open is the exemplar's
      metrics.record(op, errorType, endNanos - handle.startNanos(), bytes, open != null ? open.context : null);
      if (open != null) {
        // spans and audit events are the only work here that could touch a file: kept out of the recording
        FileIo.suppress();
        try {
          spanAndAudit(open, op, open.path, bytes, handle.startNanos(), endNanos, error);
        } finally {
          FileIo.unsuppress();
        }
      }
    } catch (Throwable t) {
      contained(t);
    }
  }

  private void spanAndAudit(
      OpenFile open, FileOperation op, TrackedPath p, long bytes, long startNanos, long endNanos, Throwable error) {
    SpanContext context = Span.fromContext(open.context).getSpanContext();
    if (open.sampled) {
      context = span(open.context, op, p, null, bytes, startNanos, endNanos, error);
    }
    if (open.audited && op == FileOperation.WRITE && error == null) {
      audit.record(Instant.now(), context, op, p.shown, null, bytes);
    }
  }

  @Override
  public Object operationEnter(int operation, Object first, Object second) {
    try {
      FileOperation op = FileOperation.of(operation);
      // copy(InputStream, Path) has only a target; copy(Path, OutputStream) only a source
      TrackedPath source = first instanceof Path ? paths.resolve(first.toString()) : null;
      TrackedPath target = second instanceof Path ? paths.resolve(second.toString()) : null;
      if (source == null && target == null) {
        return null;
      }
      Context current = Context.current();
      boolean sampled = sampled(current);
      // a copy into a stream changes no file
      boolean changes = op.change && (op != FileOperation.COPY || target != null);
      boolean audited = audit != null && changes && CallDispatcher.inToolCall();
      return new Call(op, source != null ? source : target, source != null ? target : null, current, sampled, audited);
    } catch (Throwable t) {
      contained(t);
      return null;
    }
  }

  @Override
  public void operationExit(Object token, long startNanos, Object returned, Throwable thrown) {
    try {
      long end = System.nanoTime();
      Call call = (Call) token;
      FileOperation op = call.op;
      long bytes = -1;
      if (op == FileOperation.COPY && thrown == null) {
        if (returned instanceof Long) {
          bytes = (Long) returned;
        } else if (returned instanceof Path) {
          bytes = Files.size((Path) returned);
        }
      }
      String errorType = thrown == null ? null : thrown.getClass().getName();
      metrics.record(op, errorType, end - startNanos, bytes, call.context);
      SpanContext context = Span.fromContext(call.context).getSpanContext();
      if (call.sampled) {
        context = span(call.context, op, call.path, call.target, bytes, startNanos, end, thrown);
      }
      // deleteIfExists returns false when there was nothing to delete: no change, no event
      if (call.audited && thrown == null && !Boolean.FALSE.equals(returned)) {
        audit.record(
            Instant.now(), context, op, call.path.shown, call.target == null ? null : call.target.shown, bytes);
      }
    } catch (Throwable t) {
      contained(t);
    }
  }

  private SpanContext span(
      Context parent,
      FileOperation op,
      TrackedPath path,
      TrackedPath target,
      long bytes,
      long startNanos,
      long endNanos,
      Throwable error) {
    SpanBuilder builder =
        tracer
            .spanBuilder(op.spanName)
            .setParent(parent)
            .setStartTimestamp(epochNanos(startNanos), TimeUnit.NANOSECONDS)
            .setAttribute(FileIoInstruments.OPERATION, op.key);
    if (path.shown != null) {
      builder.setAttribute(PATH, path.shown);
    }
    if (target != null && target.shown != null) {
      builder.setAttribute(TARGET_PATH, target.shown);
    }
    if (bytes >= 0) {
      builder.setAttribute(BYTES, bytes);
    }
    Span span = builder.startSpan();
    if (error != null) {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute(ERROR_TYPE, error.getClass().getName());
    }
    span.end(epochNanos(endNanos), TimeUnit.NANOSECONDS);
    return span.getSpanContext();
  }

  private long epochNanos(long nanoTime) {
    return anchorEpochNanos + (nanoTime - anchorNanoTime);
  }

  /**
   * Whether a sampled span is current in {@code context}. Outside traces the current context is
   * the root one, and the identity check spares the lookups of the span's flags.
   */
  private static boolean sampled(Context context) {
    return context != ROOT && Span.fromContext(context).getSpanContext().isSampled();
  }

  private static void contained(Throwable t) {
    AgentLog.once(
        "file-io " + t.getClass().getName(), "file-io: internal error contained (the application is not affected): " + t);
  }

  /** State of a handle opened inside a sampled trace or a tool call. */
  static final class OpenFile {
    final TrackedPath path;
    final Context context;
    final boolean sampled;
    final boolean audited;

    OpenFile(TrackedPath path, Context context, boolean sampled, boolean audited) {
      this.path = path;
      this.context = context;
      this.sampled = sampled;
      this.audited = audited;
    }
  }

  /** A {@code Files} operation in progress. */
  static final class Call {
    final FileOperation op;
    final TrackedPath path;
    final TrackedPath target;
    final Context context;
    final boolean sampled;
    final boolean audited;

    Call(FileOperation op, TrackedPath path, TrackedPath target, Context context, boolean sampled, boolean audited) {
      this.op = op;
      this.path = path;
      this.target = target;
      this.context = context;
      this.sampled = sampled;
      this.audited = audited;
    }
  }
}
