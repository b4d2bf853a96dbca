package io.cludeobs.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Drains one stream of a child process on a daemon thread, keeping the full text and its complete lines. */
final class ProcessOutput {

  private final Object lock = new Object();
  private final StringBuilder text = new StringBuilder();
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;
  private int lineStart;
  private boolean finished;

  ProcessOutput(InputStream stream, String threadName) {
    reader = new Thread(() -> drain(stream), threadName);
    reader.setDaemon(true);
    reader.start();
  }

  private void drain(InputStream stream) {
    char[] buffer = new char[8192];
    try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
      int read;
      while ((read = in.read(buffer)) != -1) {
        append(buffer, read);
      }
    } catch (IOException e) {
      // the pipe closes when the process is killed; what was read so far is all there is
    } finally {
      synchronized (lock) {
        if (lineStart < text.length()) {
          lines.add(stripCr(text.substring(lineStart)));
          lineStart = text.length();
        }
        finished = true;
        lock.notifyAll();
      }
    }
  }

  private void append(char[] buffer, int count) {
    synchronized (lock) {
      for (int i = 0; i < count; i++) {
        text.append(buffer[i]);
        if (buffer[i] == '\n') {
          lines.add(stripCr(text.substring(lineStart, text.length() - 1)));
          lineStart = text.length();
        }
      }
      lock.notifyAll();
    }
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  String text() {
    synchronized (lock) {
      return text.toString();
    }
  }

  /**
   * Waits for a line containing {@code needle}; returns it, or null when the stream ended or the deadline passed
   * without one.
   */
  String awaitLine(String needle, long deadlineNanos) {
    synchronized (lock) {
      int checked = 0;
      while (true) {
        for (; checked < lines.size(); checked++) {
          if (lines.get(checked).contains(needle)) {
            return lines.get(checked);
          }
        }
        long left = deadlineNanos - System.nanoTime();
        if (finished || left <= 0) {
          return null;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
  }

  /** Waits a bounded time for the stream to end, since a surviving grandchild may hold the pipe open. */
  void awaitEnd(long millis) {
    try {
      reader.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
