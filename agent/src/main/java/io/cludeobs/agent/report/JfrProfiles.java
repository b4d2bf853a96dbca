package io.cludeobs.agent.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Flame graphs of every {@code .jfr} file under {@code data_dir/profiles/}, read with {@link RecordingFile}: CPU
 * from execution samples, allocation from allocation samples (or, from JDKs before 16, the new-TLAB and
 * outside-TLAB events). Samples are not linked to spans here, so there is one flame graph of each kind for the
 * whole selection.
 */
public final class JfrProfiles implements ProfileSource {

  private final Map<String, Long> cpu;
  private final Map<String, Long> allocation;
  private final int files;
  private final int unreadableFiles;

  private JfrProfiles(Map<String, Long> cpu, Map<String, Long> allocation, int files, int unreadableFiles) {
    this.cpu = cpu;
    this.allocation = allocation;
    this.files = files;
    this.unreadableFiles = unreadableFiles;
  }

  /** Reads the samples taken in {@code [from, until)}; a file that cannot be read (still being written, torn) is counted. */
  public static JfrProfiles read(Path dataDir, Instant from, Instant until) {
    Map<String, Long> cpu = new HashMap<>();
    Map<String, Long> allocation = new HashMap<>();
    List<Path> jfrFiles = new ArrayList<>();
    Path dir = dataDir.resolve("profiles");
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.jfr")) {
        for (Path p : stream) {
          jfrFiles.add(p);
        }
      } catch (IOException e) {
        return new JfrProfiles(cpu, allocation, 0, 1);
      }
    }
    Collections.sort(jfrFiles);
    int unreadable = 0;
    for (Path file : jfrFiles) {
      try (RecordingFile recording = new RecordingFile(file)) {
        boolean allocationSamples = hasAllocationSamples(recording);
        while (recording.hasMoreEvents()) {
          RecordedEvent event = recording.readEvent();
          Instant at = event.getStartTime();
          if (at.isBefore(from) || !at.isBefore(until)) {
            continue;
          }
          String type = event.getEventType().getName();
          if ("jdk.ExecutionSample".equals(type)) {
            add(cpu, event.getStackTrace(), 1);
          } else if ("jdk.ObjectAllocationSample".equals(type)) {
            add(allocation, event.getStackTrace(), event.getLong("weight"));
          } else if ("jdk.ObjectAllocationInNewTLAB".equals(type) || "jdk.ObjectAllocationOutsideTLAB".equals(type)) {
            // Before JDK 16 these are the allocation events; from 16 on the sample event above replaces them.
            if (!allocationSamples) {
              add(allocation, event.getStackTrace(), event.getLong(
                  "jdk.ObjectAllocationInNewTLAB".equals(type) ? "tlabSize" : "allocationSize"));
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // What was read before the failure stays: a file being written ends in a torn chunk.
        unreadable++;
      }
    }
    return new JfrProfiles(cpu, allocation, jfrFiles.size(), unreadable);
  }

  private static boolean hasAllocationSamples(RecordingFile recording) throws IOException {
    for (jdk.jfr.EventType t : recording.readEventTypes()) {
      if ("jdk.ObjectAllocationSample".equals(t.getName())) {
        return true;
      }
    }
    return false;
  }

  private static void add(Map<String, Long> folded, RecordedStackTrace stack, long weight) {
    if (stack == null || weight <= 0) {
      return;
    }
    List<RecordedFrame> frames = stack.getFrames();
    if (frames.isEmpty()) {
      return;
    }
    StringBuilder key = new StringBuilder();
    // JFR lists the top frame first; folded stacks start at the root.
    for (int i = frames.size() - 1; i >= 0; i--) {
      RecordedMethod method = frames.get(i).getMethod();
      if (key.length() > 0) {
        key.append(';');
      }
      key.append(method.getType().getName()).append('.').append(method.getName());
    }
    if (stack.isTruncated()) {
      key.insert(0, "[truncated];");
    }
    folded.merge(key.toString(), weight, Long::sum);
  }

  @Override
  public Map<String, Long> flameGraph(Kind kind, String traceId, String tool) {
    if (traceId != null || tool != null) {
      return Collections.emptyMap();
    }
    return Collections.unmodifiableMap(kind == Kind.CPU ? cpu : allocation);
  }

  @Override
  public boolean linkedToSpans() {
    return false;
  }

  @Override
  public Map<String, Map<String, Long>> resourcesByTool() {
    return Collections.emptyMap();
  }

  /** The {@code .jfr} files found. */
  public int files() {
    return files;
  }

  /** Files that could not be read to the end. */
  public int unreadableFiles() {
    return unreadableFiles;
  }
}
