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
 */
public final class Workload {

  public static void main(String[] args) throws Exception {
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
