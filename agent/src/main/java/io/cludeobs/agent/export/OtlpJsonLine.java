package io.cludeobs.agent.export;

import io.cludeobs.agent.store.LocalStoreWriter;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Writes one marshaled OTLP request as one line of the local store. */
final class OtlpJsonLine {

  private OtlpJsonLine() {}

  static CompletableResultCode write(Marshaler request, LocalStoreWriter writer) {
    // Marshal outside the writer's lock; the line then goes out in a single append.
    ExposedBuffer buffer = new ExposedBuffer();
    try {
      request.writeJsonTo(buffer);
    } catch (IOException | RuntimeException e) {
      return CompletableResultCode.ofExceptionalFailure(e);
    }
    return writer.append(buffer.bytes(), 0, buffer.size())
        ? CompletableResultCode.ofSuccess()
        : CompletableResultCode.ofFailure();
  }

  /** Avoids the copy that {@link ByteArrayOutputStream#toByteArray()} makes. */
  private static final class ExposedBuffer extends ByteArrayOutputStream {
    ExposedBuffer() {
      super(4096);
    }

    byte[] bytes() {
      return buf;
    }
  }
}
