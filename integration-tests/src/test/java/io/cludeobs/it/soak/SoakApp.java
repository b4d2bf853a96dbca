package io.cludeobs.it.soak;

import com.acme.app.Agent;
import com.acme.app.llm.ScriptedLlm;
import com.acme.app.tools.FailingTool;
import com.acme.app.tools.ReadTool;
import com.acme.app.tools.SearchTools;
import java.io.File;
import java.lang.management.ManagementFactory;

/**
 * The sample app's task in a loop for a given time, printing every 10 s the heap used after a GC, the live thread
 * count and the open file descriptors of this JVM.
 */
public final class SoakApp {

  private SoakApp() {}

  /** Arguments: run time in seconds, pause between tasks in milliseconds. */
  public static void main(String[] args) throws InterruptedException {
    long seconds = Long.parseLong(args[0]);
    long pauseMillis = Long.parseLong(args[1]);
    Agent agent = new Agent(new ScriptedLlm("acme-model-1"), new ReadTool(), new SearchTools(), new FailingTool());
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    long nextSample = start + 10_000_000_000L;
    long tasks = 0;
    while (System.nanoTime() < end) {
      agent.handle("soak-" + tasks);
      tasks++;
      Thread.sleep(pauseMillis);
      if (System.nanoTime() >= nextSample) {
        nextSample += 10_000_000_000L;
        sample((System.nanoTime() - start) / 1_000_000_000L, tasks);
      }
    }
    System.out.println("soak done tasks=" + tasks);
  }

  private static void sample(long second, long tasks) {
    System.gc();
    Runtime rt = Runtime.getRuntime();
    long heap = rt.totalMemory() - rt.freeMemory();
    String[] fds = new File("/proc/self/fd").list();
    System.out.println(
        "soak sample t=" + second
            + " tasks=" + tasks
            + " heap=" + heap
            + " threads=" + ManagementFactory.getThreadMXBean().getThreadCount()
            + " fds=" + (fds == null ? -1 : fds.length));
  }
}
