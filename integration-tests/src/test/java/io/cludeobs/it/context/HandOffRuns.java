package io.cludeobs.it.context;

import io.cludeobs.it.support.Jvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The hand-off app's configuration and the exact trees its scenarios must give. */
final class HandOffRuns {

  static final String TASK =
      "com.acme.async.Scenarios#*; !com.acme.async.Scenarios#run; !com.acme.async.Scenarios#shutdown;"
          + " com.acme.async.Reuse#firstTask";
  static final String SPAN = "com.acme.async.Work#handOff; com.acme.async.Work#leaf";

  /** Leaves each scenario makes on the other side of its hand-off, in the order the app runs them. */
  static final Map<String, Integer> PORTABLE = new LinkedHashMap<>();
  static final Map<String, Integer> VIRTUAL = new LinkedHashMap<>();

  static {
    PORTABLE.put("threadPoolExecute", 1);
    PORTABLE.put("threadPoolSubmitRunnable", 1);
    PORTABLE.put("threadPoolSubmitCallable", 1);
    PORTABLE.put("threadPoolInvokeAll", 2);
    PORTABLE.put("threadPoolInvokeAny", 1);
    PORTABLE.put("scheduleRunnable", 1);
    PORTABLE.put("scheduleCallable", 1);
    PORTABLE.put("scheduleAtFixedRate", 3);
    PORTABLE.put("forkJoinSubmit", 1);
    PORTABLE.put("forkJoinExecute", 1);
    PORTABLE.put("forkJoinInvokeRecursiveTask", 4);
    PORTABLE.put("forkJoinRecursiveAction", 2);
    PORTABLE.put("commonPool", 1);
    PORTABLE.put("parallelStream", 8);
    PORTABLE.put("supplyAsyncDefault", 1);
    PORTABLE.put("runAsyncCustom", 1);
    PORTABLE.put("asyncChain", 3);
    PORTABLE.put("continuationsOnCompletingThread", 2);
    PORTABLE.put("plainThread", 1);
    PORTABLE.put("customExecutorAnonymousClass", 1);
    PORTABLE.put("wrappingExecutorService", 2);
    VIRTUAL.put("virtualThreadPerTaskExecutor", 1);
    VIRTUAL.put("ofVirtualStart", 1);
    VIRTUAL.put("startVirtualThread", 1);
  }

  /** Leaves of the reuse group: three under the first task, three in traces of their own. */
  static final int REUSE_LEAVES = 6;

  private HandOffRuns() {}

  static Jvm.Builder app(Path jdk, String... args) {
    return Jvm.builder()
        .jdk(jdk)
        .mainClass("com.acme.async.HandOffApp")
        .args(args)
        .sysProp("clude.obs.pointcuts.task", TASK)
        .sysProp("clude.obs.pointcuts.span", SPAN);
  }

  /** The tree of one scenario: the task, its hand-off span, and every leaf under that span. */
  static String tree(String task, int leaves) {
    StringBuilder out = new StringBuilder();
    out.append("invoke_agent ").append(task).append('\n');
    out.append("  Work.handOff\n");
    for (int i = 0; i < leaves; i++) {
      out.append("    Work.leaf\n");
    }
    return out.toString();
  }

  static List<String> trees(Map<String, Integer> scenarios) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Integer> e : scenarios.entrySet()) {
      out.add(tree("Scenarios." + e.getKey(), e.getValue()));
    }
    return out;
  }

  /** The reuse group: the first task, then the unrelated work on each pool as a trace of its own. */
  static List<String> reuseTrees() {
    List<String> out = new ArrayList<>();
    out.add(tree("Reuse.firstTask", 3));
    out.addAll(Collections.nCopies(3, "Work.leaf\n"));
    return out;
  }

  static int leaves(Map<String, Integer> scenarios) {
    int sum = 0;
    for (int n : scenarios.values()) {
      sum += n;
    }
    return sum;
  }
}
