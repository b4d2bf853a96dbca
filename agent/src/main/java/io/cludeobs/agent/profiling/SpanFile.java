package io.cludeobs.agent.profiling;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The span file beside each JFR chunk ({@code profile-<start>-<pid>.<n>.spans} next to {@code ….jfr}): the sampled
 * spans that ended while the chunk was recorded, each with its thread and its begin and end as epoch nanoseconds.
 *
 * <p>Format, big-endian ({@link DataOutputStream}): the 8 ASCII bytes {@code CLUDESPN} and an int version (1); then
 * records, each a tag byte: {@code 'S'} defines a string (int id, then {@link DataOutputStream#writeUTF}), {@code
 * 'R'} is a span (longs thread id, start, end, trace id high and low 64 bits, span id, parent span id or 0; ints
 * category, span name and tool name as string ids, -1 for none). Strings are defined once per file before their
 * first use. The file is appended to about once a second, so a reader stops quietly at a cut-off last record.
 */
final class SpanFile {

  static final byte[] MAGIC = "CLUDESPN".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  private static final byte STRING = 'S';
  private static final byte SPAN = 'R';
  /** Longer names are cut: writeUTF takes at most 65,535 bytes. */
  private static final int MAX_STRING = 4096;

  private SpanFile() {}

  /**
   * Appends records to one span file; the profiler thread's only. Records are encoded into a buffer as the drain
   * hands them over and reach the file in one write per {@link #flush()}.
   */
  static final class Writer implements SpanLog.Sink, Closeable {
    private final OutputStream out;
    private final Map<String, Integer> ids = new HashMap<>();
    private byte[] buf = new byte[64 * 1024];
    private int pos;
    private long epochOffsetNanos;

    private Writer(OutputStream out) {
      this.out = out;
    }

    /** Creates {@code file} (readable by its owner only) with its header. */
    static Writer create(Path file) throws IOException {
      Files.deleteIfExists(file);
      Files.createFile(file);
      ProfileFiles.ownerOnly(file, "rw-------");
      Writer w = new Writer(Files.newOutputStream(file, StandardOpenOption.WRITE));
      w.room(MAGIC.length + 4);
      System.arraycopy(MAGIC, 0, w.buf, 0, MAGIC.length);
      w.pos = MAGIC.length;
      w.putInt(VERSION);
      w.flush();
      return w;
    }

    /** From now on a span's clock times plus this are its epoch times. */
    void epochOffset(long nanos) {
      epochOffsetNanos = nanos;
    }

    @Override
    public void span(
        long threadId,
        long startNanos,
        long endNanos,
        long traceIdHigh,
        long traceIdLow,
        long spanId,
        long parentSpanId,
        String category,
        String spanName,
        String toolName) {
      int c = id(category);
      int n = id(spanName);
      int t = id(toolName);
      room(1 + 7 * 8 + 3 * 4);
      buf[pos++] = SPAN;
      putLong(threadId);
      putLong(startNanos + epochOffsetNanos);
      putLong(endNanos + epochOffsetNanos);
      putLong(traceIdHigh);
      putLong(traceIdLow);
      putLong(spanId);
      putLong(parentSpanId);
      putInt(c);
      putInt(n);
      putInt(t);
    }

    private int id(String s) {
      if (s == null) {
        return -1;
      }
      Integer known = ids.get(s);
      if (known != null) {
        return known;
      }
      int id = ids.size();
      ids.put(s, id);
      byte[] utf = modifiedUtf8(s.length() > MAX_STRING ? s.substring(0, MAX_STRING) : s);
      room(1 + 4 + 2 + utf.length);
      buf[pos++] = STRING;
      putInt(id);
      buf[pos++] = (byte) (utf.length >>> 8);
      buf[pos++] = (byte) utf.length;
      System.arraycopy(utf, 0, buf, pos, utf.length);
      pos += utf.length;
      return id;
    }

    /** The bytes {@link DataOutputStream#writeUTF} writes after its length. */
    private static byte[] modifiedUtf8(String s) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length() + 2);
      try (DataOutputStream data = new DataOutputStream(bytes)) {
        data.writeUTF(s);
      } catch (IOException cannot) {
        throw new UncheckedIOException(cannot);
      }
      byte[] all = bytes.toByteArray();
      return Arrays.copyOfRange(all, 2, all.length);
    }

    private void room(int n) {
      if (pos + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
      }
    }

    private void putLong(long v) {
      putInt((int) (v >>> 32));
      putInt((int) v);
    }

    private void putInt(int v) {
      buf[pos] = (byte) (v >>> 24);
      buf[pos + 1] = (byte) (v >>> 16);
      buf[pos + 2] = (byte) (v >>> 8);
      buf[pos + 3] = (byte) v;
      pos += 4;
    }

    /** Writes what was encoded since the last flush to the file. */
    void flush() throws IOException {
      if (pos > 0) {
        out.write(buf, 0, pos);
        pos = 0;
      }
    }

    @Override
    public void close() throws IOException {
      try {
        flush();
      } finally {
        out.close();
      }
    }
  }

  /**
   * Reads a span file's spans in order, handing each to {@code visitor} with its start and end as epoch
   * nanoseconds; stops at the file's end or at a cut-off or unreadable record.
   *
   * @throws IOException when the file cannot be opened or is not a span file
   */
  static void read(Path file, SpanLog.Sink visitor) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 16 * 1024))) {
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC) || in.readInt() != VERSION) {
        throw new IOException("not a clude-obs span file (version " + VERSION + "): " + file);
      }
      List<String> strings = new ArrayList<>();
      while (true) {
        int tag = in.read();
        if (tag == STRING) {
          int id = in.readInt();
          String s = in.readUTF();
          if (id != strings.size()) {
            return;
          }
          strings.add(s);
        } else if (tag == SPAN) {
          long thread = in.readLong();
          long start = in.readLong();
          long end = in.readLong();
          long traceHigh = in.readLong();
          long traceLow = in.readLong();
          long span = in.readLong();
          long parent = in.readLong();
          String category = string(strings, in.readInt());
          String name = string(strings, in.readInt());
          String tool = string(strings, in.readInt());
          visitor.span(thread, start, end, traceHigh, traceLow, span, parent, category, name, tool);
        } else {
          // the end, or bytes that are no record: nothing after them can be trusted
          return;
        }
      }
    } catch (EOFException cutOff) {
      // the writer was stopped mid-record (the process was killed): the records before it stand
    }
  }

  private static String string(List<String> strings, int id) {
    return id >= 0 && id < strings.size() ? strings.get(id) : null;
  }
}
