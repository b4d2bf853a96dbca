package com.acme.faults;

import com.acme.app.Agent;
import com.acme.app.llm.ScriptedLlm;
import com.acme.app.tools.FailingTool;
import com.acme.app.tools.ReadTool;
import com.acme.app.tools.SearchTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed workload of the fault tests: the sample app's agent tasks on the main thread and two workers, while
 * {@link StackWatch} samples those threads' stacks. Knows nothing of clude-obs.
 *
 * <p>Arguments: tasks per thread, exit code, the start marker file (created before anything else), and optionally a
 * file to wait for before {@link #afterRecovery(int)} runs more tasks (the fifth argument, else {@code tasks}). Prints
 * one result line per phase (the sixth argument: a file to wait for before exiting),
 * then the stack watch's counts.
 */
public final class FaultsApp {

  static final int WORKERS = 2;

  private FaultsApp() {}

  public static void main(String[] args) throws Exception {
    int tasks = Integer.parseInt(args[0]);
    int exitCode = Integer.parseInt(args[1]);
    Files.createFile(Path.of(args[2]));
    System.out.println("faults-app started");
    StackWatch watch = StackWatch.start();
    long started = System.nanoTime();
    String result = run(tasks);
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.println("faults-app workload " + result);
    System.out.println("faults-app workload-millis " + millis);
    if (args.length > 3) {
      Path go = Path.of(args[3]);
      System.out.println("faults-app waiting for " + go);
      while (!Files.exists(go)) {
        Thread.sleep(20);
      }
      int more = args.length > 4 ? Integer.parseInt(args[4]) : tasks;
      System.out.println("faults-app after recovery " + afterRecovery(more));
      if (args.length > 5) {
        Path exit = Path.of(args[5]);
        System.out.println("faults-app waiting for " + exit);
        while (!Files.exists(exit)) {
          Thread.sleep(20);
        }
      }
    }
    watch.stop();
    System.out.println("faults-app " + watch.summary());
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /** Runs {@code tasks} tasks on each of main and the workers; the line is the same with and without the agent. */
  static String run(int tasks) throws InterruptedException {
    int[] answered = new int[WORKERS + 1];
    long[] digests = new long[WORKERS + 1];
    List<Thread> workers = new ArrayList<>();
    for (int w = 1; w <= WORKERS; w++) {
      int slot = w;
      Thread worker = new Thread(() -> work(tasks, slot, answered, digests), StackWatch.WORKER_PREFIX + w);
      workers.add(worker);
      worker.start();
    }
    work(tasks, 0, answered, digests);
    for (Thread worker : workers) {
      worker.join();
    }
    int total = 0;
    long digest = 0;
    for (int i = 0; i <= WORKERS; i++) {
      total += answered[i];
      digest = digest * 31 + digests[i];
    }
    return "answered " + total + " of " + tasks * (WORKERS + 1) + " digest " + Long.toHexString(digest);
  }

  private static void work(int tasks, int slot, int[] answered, long[] digests) {
    Agent agent = new Agent(new ScriptedLlm("acme-model-1"), new ReadTool(), new SearchTools(), new FailingTool());
    long digest = 0;
    for (int i = 0; i < tasks; i++) {
      String answer = agent.handle("task-" + slot + "-" + i);
      if (answer != null) {
        answered[slot]++;
        digest = digest * 31 + answer.hashCode() + i;
      }
    }
    digests[slot] = digest;
  }

  /** The phase after the collector is back; a span pointcut on it marks spans that can only come from then. */
  static String afterRecovery(int tasks) throws InterruptedException {
    return run(tasks);
  }
}
