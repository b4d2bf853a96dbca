package io.cludeobs.agent.profiling;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import jdk.jfr.Recording;

/**
 * Two things the profiler asks of JFR that its public API does not offer on JDK 17, reached through the agent's
 * {@link Instrumentation}, which opens {@code jdk.jfr} and {@code jdk.jfr.internal} to the profiler's module. Where
 * that is not possible (no agent, or a JDK without these methods) both are skipped and JFR's defaults stay.
 *
 * <ul>
 *   <li><b>Flush interval.</b> From JDK 14 a recording on disk is flushed every second (the constant pools and a
 *       checkpoint, so that event streaming can read it), which cost the light benchmark workload about 0.2 % of its
 *       CPU. The profiler does not stream: its files are written when a chunk ends, so it flushes once per chunk
 *       ({@code Recording.setFlushInterval}, not public on 17).
 *   <li><b>The agent's own threads left out</b> ({@code jdk.jfr.internal.JVM.exclude(Thread)}, what JFR does for its
 *       own threads): the exporters', audit writer's and collectors' parks, allocations and stacks are not the
 *       application's and only cost (their park and allocation events were about 0.2 % of the workload's CPU).
 * </ul>
 */
final class JfrAccess {

  /** Threads of the agent are named with this prefix. */
  static final String AGENT_THREAD_PREFIX = "clude-obs";

  private static volatile Method flushSetter;
  private static volatile Method excluder;
  private static volatile Object jvm;

  private JfrAccess() {}

  /**
   * Opens JFR's packages to the profiler's module when they are not open already and finds the methods; returns
   * whether the flush interval can be set. Never throws.
   */
  static boolean enable(Instrumentation inst) {
    open(inst);
    boolean flush = findFlushSetter();
    findExcluder();
    return flush;
  }

  private static void open(Instrumentation inst) {
    if (inst == null) {
      return;
    }
    try {
      Module jfr = Recording.class.getModule();
      Module self = JfrAccess.class.getModule();
      Map<String, Set<Module>> open = new HashMap<>();
      for (String pkg : new String[] {"jdk.jfr", "jdk.jfr.internal"}) {
        if (jfr.getPackages().contains(pkg) && !jfr.isOpen(pkg, self)) {
          open.put(pkg, Collections.singleton(self));
        }
      }
      if (!open.isEmpty()) {
        inst.redefineModule(
            jfr, Collections.<Module>emptySet(), Collections.<String, Set<Module>>emptyMap(), open,
            Collections.<Class<?>>emptySet(), Collections.<Class<?>, java.util.List<Class<?>>>emptyMap());
      }
    } catch (RuntimeException e) {
      // a module that cannot be opened: the methods below stay out of reach and are skipped
    }
  }

  private static boolean findFlushSetter() {
    try {
      Method m = Recording.class.getDeclaredMethod("setFlushInterval", Duration.class);
      m.setAccessible(true);
      flushSetter = m;
      return true;
    } catch (NoSuchMethodException | RuntimeException e) {
      // JDK 11 to 13 have no flush to change
      return false;
    }
  }

  private static void findExcluder() {
    try {
      Class<?> type = Class.forName("jdk.jfr.internal.JVM");
      Method m = type.getDeclaredMethod("exclude", Thread.class);
      m.setAccessible(true);
      Object instance = null;
      if (!Modifier.isStatic(m.getModifiers())) {
        // JDK 17: an instance method of the one JVM object; static from JDK 22
        Method getJvm = type.getDeclaredMethod("getJVM");
        getJvm.setAccessible(true);
        instance = getJvm.invoke(null);
      }
      jvm = instance;
      excluder = m;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      excluder = null;
    }
  }

  /** Sets the interval on a recording not yet started, when {@link #enable} found the setter; else does nothing. */
  static void setFlushInterval(Recording recording, Duration interval) {
    Method m = flushSetter;
    if (m == null) {
      return;
    }
    try {
      m.invoke(recording, interval);
    } catch (ReflectiveOperationException | RuntimeException e) {
      flushSetter = null;
    }
  }

  /**
   * Leaves every live thread of the agent out of JFR's events from now on; run at start and on each span drain,
   * so that a thread an executor starts later is left out within seconds. Returns how many threads were excluded.
   */
  static int excludeAgentThreads() {
    Method m = excluder;
    if (m == null) {
      return 0;
    }
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int n = root.enumerate(threads, true);
    int excluded = 0;
    for (int i = 0; i < n; i++) {
      Thread t = threads[i];
      if (t != null && t.getName().startsWith(AGENT_THREAD_PREFIX)) {
        try {
          m.invoke(jvm, t);
          excluded++;
        } catch (ReflectiveOperationException | RuntimeException e) {
          excluder = null;
          return excluded;
        }
      }
    }
    return excluded;
  }

  /** The recording's flush interval, where the JDK has one and it can be read (tests). */
  static Duration flushInterval(Recording recording) {
    try {
      Method g = Recording.class.getDeclaredMethod("getFlushInterval");
      g.setAccessible(true);
      return (Duration) g.invoke(recording);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
