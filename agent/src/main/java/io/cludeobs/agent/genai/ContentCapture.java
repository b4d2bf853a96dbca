package io.cludeobs.agent.genai;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opt-in capture of prompt, completion and tool text: off, nothing is read; on, every text is
 * redacted first and then cut to a byte budget per attribute.
 */
public final class ContentCapture {

  static final String REDACTED = "[REDACTED]";
  static final String TRUNCATED = "…[truncated]";

  /** Secrets that commonly end up in prompts and tool arguments. */
  static final List<Pattern> BUILT_IN =
      Collections.unmodifiableList(
          java.util.Arrays.asList(
              Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----"),
              Pattern.compile("\\bsk-[A-Za-z0-9_-]{16,}"),
              Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"),
              Pattern.compile("(?i)(?<=\\bbearer\\s)[A-Za-z0-9._~+/=-]{8,}"),
              Pattern.compile("(?<=[a-zA-Z][a-zA-Z0-9+.-]{0,20}://[^:/?#\\s@]{1,256}:)[^@/?#\\s]+(?=@)")));

  private static volatile ContentCapture installed = off();

  private final boolean enabled;
  private final int maxBytes;
  private final List<Pattern> patterns;

  private ContentCapture(boolean enabled, int maxBytes, List<Pattern> userPatterns) {
    this.enabled = enabled;
    this.maxBytes = maxBytes;
    List<Pattern> all = new ArrayList<>(BUILT_IN);
    all.addAll(userPatterns);
    this.patterns = Collections.unmodifiableList(all);
  }

  /** Capture switched off: the default. */
  public static ContentCapture off() {
    return new ContentCapture(false, 0, Collections.<Pattern>emptyList());
  }

  /** Capture on, each attribute's text cut at {@code maxBytes} UTF-8 bytes, plus user patterns. */
  public static ContentCapture on(int maxBytes, List<Pattern> userPatterns) {
    return new ContentCapture(true, maxBytes, userPatterns);
  }

  /** The capture settings in force; the tool-call dispatcher reads them too. */
  public static ContentCapture installed() {
    return installed;
  }

  static void install(ContentCapture capture) {
    installed = capture;
  }

  public boolean enabled() {
    return enabled;
  }

  /** Secrets replaced by {@value #REDACTED}. */
  String redact(String text) {
    String out = text;
    for (Pattern p : patterns) {
      Matcher m = p.matcher(out);
      if (m.find()) {
        out = m.replaceAll(REDACTED);
      }
    }
    return out;
  }

  /** A fresh byte budget for one attribute. */
  Budget budget() {
    return new Budget(maxBytes);
  }

  /** Redacted and cut to the cap on its own: for single-text attributes such as tool arguments. */
  public String single(String text) {
    return text == null ? null : budget().take(redact(text));
  }

  /** The bytes left for one attribute; texts are redacted, then cut where the budget runs out. */
  final class Budget {
    private int left;

    Budget(int bytes) {
      this.left = bytes;
    }

    String take(String redacted) {
      int bytes = 0;
      for (int i = 0; i < redacted.length(); i++) {
        char c = redacted.charAt(i);
        int size = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 4 : 3;
        if (bytes + size > left) {
          left = 0;
          return redacted.substring(0, i) + TRUNCATED;
        }
        bytes += size;
        if (size == 4) {
          i++;
        }
      }
      left -= bytes;
      return redacted;
    }

    String redactAndTake(String text) {
      return take(redact(text));
    }
  }
}
