package bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An agent-shaped workload for the profiler's overhead: tasks of LLM calls (a wait plus response parsing) and
 * tools that search text, parse, allocate and read files. Runs tasks for a warm-up time, then a fixed number of
 * tasks, and prints the process CPU time and wall time of that fixed work.
 *
 * <p>usage: Workload [warmup-seconds] [measured-tasks] [work-dir]
 *
 * <p>or: Workload abab [warmup-seconds] [tasks-per-window] [window-pairs] [work-dir], run with profiling on: after
 * the warm-up, windows of a fixed number of tasks alternate between the agent's JFR recording running and no
 * recording at all (the recording is stopped, and started again with the same settings), in the same JVM, so that
 * the JIT's and the heap's state, which differ from one JVM to the next by more than the profiler costs, are the
 * same for both. Prints each window's CPU time (all threads, from /proc/self/task/&#42;/schedstat, in ns).
 */
public final class Workload {

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("abab")) {
      Alternating.run(args);
      return;
    }
    long warmupNanos = Long.parseLong(args[0]) * 1_000_000_000L;
    int tasks = Integer.parseInt(args[1]);
    Path dir = Path.of(args[2]);
    Files.createDirectories(dir);
    for (int i = 0; i < 20; i++) {
      Files.write(dir.resolve("src" + i + ".txt"), text(i).getBytes(StandardCharsets.UTF_8));
    }
    Agent agent = new Agent(dir);
    // warm up without the model's wait, so that the JIT has compiled the app's and the agent's code (C2 needs
    // about 10,000 calls of a method) before the measured part: with the wait, the warm-up made too few calls and
    // the compiler's work during the measured part decided the result more than the profiler did
    Llm.waitMillis = 0;
    long warmupEnd = System.nanoTime() + warmupNanos;
    int n = 0;
    while (System.nanoTime() < warmupEnd) {
      agent.handle(n++);
    }
    Llm.waitMillis = 15;
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long jfr0 = profilerThreadTicks();
    long cpu0 = os.getProcessCpuTime();
    long wall0 = System.nanoTime();
    for (int i = 0; i < tasks; i++) {
      agent.handle(i);
    }
    long cpu = os.getProcessCpuTime() - cpu0;
    long wall = System.nanoTime() - wall0;
    long jfr = profilerThreadTicks() - jfr0;
    System.out.println("warm-up tasks=" + n);
    System.out.println("measured tasks=" + tasks + " cpu_ms=" + cpu / 1_000_000 + " wall_ms=" + wall / 1_000_000
        + " profiler_thread_ticks=" + jfr + " checksum=" + Tools.sink);
  }

  /**
   * CPU ticks (utime + stime from /proc, Linux only) of the threads that exist only for profiling: JFR's own
   * (some are JVM-internal and invisible to ThreadMXBean) and the agent's rotation thread. Less noisy than the
   * whole process, but it leaves out what profiling costs on app threads (span events, allocation samples).
   */
  static long profilerThreadTicks() throws java.io.IOException {
    long sum = 0;
    try (java.nio.file.DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        try {
          String comm = Files.readString(task.resolve("comm")).trim();
          if (comm.startsWith("JFR") || comm.startsWith("clude-obs-profi")) {
            String stat = Files.readString(task.resolve("stat"));
            // fields after the ")" that ends the name: utime is the 12th, stime the 13th
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
          }
        } catch (java.io.IOException | RuntimeException gone) {
          // the thread ended while we looked
        }
      }
    }
    return sum;
  }

  static String text(int seed) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 4000; i++) {
      b.append("line ").append(i).append(" token").append((i * 31 + seed) % 97).append(" value=").append(i * seed)
          .append('\n');
    }
    return b.toString();
  }
}

final class Agent {
  private final Llm llm = new Llm();
  private final Tools tools;

  Agent(Path dir) {
    this.tools = new Tools(dir);
  }

  void handle(int task) throws Exception {
    for (int turn = 0; turn < 3; turn++) {
      String reply = llm.complete("task " + task + " turn " + turn);
      tools.grep(task + turn, "token" + (reply.length() % 97));
      tools.parse(task + turn);
    }
  }
}

final class Llm {
  static volatile long waitMillis = 15;

  /** A model call: waiting on the network, then parsing a response. */
  String complete(String prompt) throws InterruptedException {
    if (waitMillis > 0) {
      Thread.sleep(waitMillis);
    }
    StringBuilder b = new StringBuilder(prompt);
    for (int i = 0; i < 200; i++) {
      b.append(" w").append(i);
    }
    return b.toString();
  }
}

final class Tools {
  static volatile long sink;
  private final Path dir;

  Tools(Path dir) {
    this.dir = dir;
  }

  int grep(int i, String needle) throws Exception {
    String text = Files.readString(dir.resolve("src" + (i % 20) + ".txt"));
    int hits = 0;
    for (String line : text.split("\n")) {
      if (line.contains(needle)) {
        hits++;
      }
    }
    sink += hits;
    return hits;
  }

  int parse(int i) {
    Map<String, List<Integer>> index = new HashMap<>();
    for (int k = 0; k < 20_000; k++) {
      index.computeIfAbsent("k" + (k % 500), x -> new ArrayList<>()).add(k * i);
    }
    sink += index.size();
    return index.size();
  }
}

/** The same-JVM comparison: windows with the agent's recording running and without it, alternating. */
final class Alternating {
  private static final String AGENT_RECORDING = "clude-obs profile";

  static void run(String[] args) throws Exception {
    long warmupNanos = Long.parseLong(args[1]) * 1_000_000_000L;
    int perWindow = Integer.parseInt(args[2]);
    int pairs = Integer.parseInt(args[3]);
    Path dir = Path.of(args[4]);
    Files.createDirectories(dir);
    for (int i = 0; i < 20; i++) {
      Files.write(dir.resolve("src" + i + ".txt"), Workload.text(i).getBytes(StandardCharsets.UTF_8));
    }
    Agent agent = new Agent(dir);
    Llm.waitMillis = 0;
    long warmupEnd = System.nanoTime() + warmupNanos;
    int n = 0;
    while (System.nanoTime() < warmupEnd) {
      agent.handle(n++);
    }
    Llm.waitMillis = 15;
    Map<String, String> settings = null;
    for (jdk.jfr.Recording r : jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings()) {
      if (r.getName().startsWith(AGENT_RECORDING) && r.getState() == jdk.jfr.RecordingState.RUNNING) {
        settings = r.getSettings();
      }
    }
    if (settings == null) {
      System.out.println("error=no running clude-obs recording; run with -Dclude.obs.profiling_enabled=true");
      System.exit(1);
    }
    jdk.jfr.Recording ours = null;
    for (int w = 0; w < 2 * pairs; w++) {
      // off first in even pairs, on first in odd ones: a drift over the run hits both states alike
      boolean on = (w / 2) % 2 == 0 ? w % 2 == 1 : w % 2 == 0;
      if (on) {
        ours = new jdk.jfr.Recording(settings);
        ours.setName("abab window " + w);
        ours.setToDisk(true);
        ours.setDestination(dir.resolve("window-" + w + ".jfr"));
        ours.start();
      } else {
        for (jdk.jfr.Recording r : jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings()) {
          if (r.getState() == jdk.jfr.RecordingState.RUNNING) {
            r.stop();
            r.close();
          }
        }
        ours = null;
      }
      // a few tasks to settle after the switch (JFR writes its first chunk, buffers fill), not measured
      for (int i = 0; i < 5; i++) {
        agent.handle(n++);
      }
      long[] cpu0 = processCpuNanos();
      long wall0 = System.nanoTime();
      for (int i = 0; i < perWindow; i++) {
        agent.handle(n++);
      }
      long[] cpu1 = processCpuNanos();
      long wall = System.nanoTime() - wall0;
      System.out.println("window=" + w + " recording=" + (on ? "on" : "off") + " cpu_ns=" + (cpu1[0] - cpu0[0])
          + " wall_ns=" + wall + " cpu_without_jit_ns=" + (cpu1[1] - cpu0[1]));
    }
    if (ours != null) {
      ours.stop();
      ours.close();
    }
    System.out.println("checksum=" + Tools.sink);
  }

  /**
   * CPU time of every thread of this process, and of all but the JIT compiler threads, in ns, from the scheduler's
   * own accounting (finer than the 10 ms ticks of the process CPU time here). The second leaves out compiling:
   * switching the recording on or off makes the JIT recompile what had JFR's state folded in, a cost of the switch
   * that a recording left running does not have.
   */
  static long[] processCpuNanos() throws java.io.IOException {
    long all = 0;
    long withoutJit = 0;
    try (java.nio.file.DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("schedstat"));
          long ns = Long.parseLong(stat.substring(0, stat.indexOf(' ')));
          all += ns;
          String comm = Files.readString(task.resolve("comm"));
          if (!comm.startsWith("C1 Compiler") && !comm.startsWith("C2 Compiler")) {
            withoutJit += ns;
          }
        } catch (java.io.IOException | RuntimeException gone) {
          // the thread ended while we looked
        }
      }
    }
    return new long[] {all, withoutJit};
  }
}
