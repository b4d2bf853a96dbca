package io.cludeobs.agent.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hash chain of the audit log: each line of an audit file starts with {@code "seq"} (1, 2, … within the file)
 * and {@code "prev"}, the hex SHA-256 of the previous line's bytes; the first line's {@code prev} is the hash of
 * a genesis string naming the file. A changed, removed or reordered line therefore breaks the chain at or right
 * after it. Changing the last line of a file cannot be seen (nothing follows it), nor can removing whole lines
 * from the end.
 */
public final class AuditChain {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private AuditChain() {}

  /** The {@code prev} of a file's first line: the hash of {@code "clude-obs audit " + fileName}. */
  public static String genesis(String fileName) {
    byte[] text = ("clude-obs audit " + fileName).getBytes(StandardCharsets.UTF_8);
    return hash(text, text.length);
  }

  /** Hex SHA-256 of the first {@code length} bytes of {@code line}. */
  public static String hash(byte[] line, int length) {
    return hash(sha256(), line, length);
  }

  /** A new SHA-256 digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // every Java platform must provide SHA-256
      throw new IllegalStateException(e);
    }
  }

  /** {@link #hash(byte[], int)} with a digest the caller owns (one thread at a time). */
  public static String hash(MessageDigest sha, byte[] line, int length) {
    sha.reset();
    sha.update(line, 0, length);
    byte[] digest = sha.digest();
    char[] out = new char[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return new String(out);
  }

  /** Where the chain of an existing file ends: what the next line's {@code seq} and {@code prev} must be. */
  public static final class Tail {
    /** The next line's {@code seq}. */
    public final long nextSeq;
    /** The next line's {@code prev}. */
    public final String prev;

    Tail(long nextSeq, String prev) {
      this.nextSeq = nextSeq;
      this.prev = prev;
    }
  }

  /** The end of an existing file's chain, so a writer that reopens the file continues it. */
  public static Tail tail(Path file) throws IOException {
    String prev = genesis(file.getFileName().toString());
    long seq = 0;
    try (LineReader lines = new LineReader(Files.newInputStream(file))) {
      while (lines.next()) {
        prev = hash(lines.bytes, lines.length);
        JsonNode event = parse(lines);
        seq = event == null ? seq + 1 : event.path("seq").asLong(seq + 1);
      }
    }
    return new Tail(seq + 1, prev);
  }

  /** The outcome of verifying one file. */
  public static final class Verification {
    /** Complete lines read. */
    public final long lines;
    /** The 1-based line where the chain breaks, or 0 when it holds. */
    public final long brokenLine;
    /** What is wrong at {@link #brokenLine}; null when the chain holds. */
    public final String problem;
    /** Whether the file ends in a line without its newline, as a process killed mid-write leaves. */
    public final boolean incompleteLastLine;

    Verification(long lines, long brokenLine, String problem, boolean incompleteLastLine) {
      this.lines = lines;
      this.brokenLine = brokenLine;
      this.problem = problem;
      this.incompleteLastLine = incompleteLastLine;
    }

    public boolean ok() {
      return problem == null;
    }
  }

  /** Checks every line of one audit file against its chain; stops at the first break. */
  public static Verification verify(Path file) throws IOException {
    String expectedPrev = genesis(file.getFileName().toString());
    long expectedSeq = 1;
    long n = 0;
    try (LineReader lines = new LineReader(Files.newInputStream(file))) {
      while (lines.next()) {
        n++;
        if (!lines.complete) {
          // a crash mid-write, not tampering: the line never became part of the chain
          return new Verification(n - 1, 0, null, true);
        }
        JsonNode event = parse(lines);
        if (event == null || !event.path("seq").canConvertToLong() || !event.path("prev").isTextual()) {
          return new Verification(n, n, "not an audit event with seq and prev (edited by hand?)", false);
        }
        long seq = event.get("seq").asLong();
        if (seq != expectedSeq) {
          return new Verification(
              n, n, "seq " + seq + " where " + expectedSeq + " belongs: a line is missing or lines were reordered here",
              false);
        }
        if (!event.get("prev").asText().equals(expectedPrev)) {
          return n == 1
              ? new Verification(n, 1, "does not start this file's chain (file renamed, or its first lines replaced)", false)
              : new Verification(n, n - 1, "changed after it was written (line " + n + "'s prev hash does not match it)", false);
        }
        expectedPrev = hash(lines.bytes, lines.length);
        expectedSeq++;
      }
    }
    return new Verification(n, 0, null, false);
  }

  private static JsonNode parse(LineReader line) {
    try {
      JsonNode node = MAPPER.readTree(line.bytes, 0, line.length);
      return node != null && node.isObject() ? node : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Lines as raw bytes, so hashes cover exactly what is on disk. */
  private static final class LineReader implements AutoCloseable {
    private final InputStream in;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    byte[] bytes;
    int length;
    boolean complete;

    LineReader(InputStream in) {
      this.in = new BufferedInputStream(in, 1 << 16);
    }

    boolean next() throws IOException {
      buffer.reset();
      int b;
      while ((b = in.read()) != -1 && b != '\n') {
        buffer.write(b);
      }
      if (b == -1 && buffer.size() == 0) {
        return false;
      }
      complete = b == '\n';
      bytes = buffer.toByteArray();
      length = bytes.length;
      return true;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
