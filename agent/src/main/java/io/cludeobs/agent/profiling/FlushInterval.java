package io.cludeobs.agent.profiling;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import jdk.jfr.Recording;

/**
 * How often JFR flushes a recording to its repository. From JDK 14 a recording on disk is flushed every second (the
 * constant pools and a checkpoint, so that event streaming can read it), which cost the light benchmark workload
 * about 0.4 % of its CPU on JFR's periodic thread. The profiler does not stream: its files are written when a chunk
 * ends. So it flushes once per chunk. {@code Recording.setFlushInterval} is not public on JDK 17; the agent opens
 * {@code jdk.jfr} to itself through {@link Instrumentation#redefineModule} to call it. Where that is not possible
 * (JDK 11 to 13 have no flush, or no agent), recordings keep JFR's default.
 */
final class FlushInterval {

  private static volatile Method setter;

  private FlushInterval() {}

  /**
   * Opens {@code jdk.jfr} to the profiler's module when it is not open already and finds the setter; returns whether
   * recordings will get the longer interval. Never throws.
   */
  static boolean enable(Instrumentation inst) {
    try {
      Method m;
      try {
        m = Recording.class.getMethod("setFlushInterval", Duration.class);
      } catch (NoSuchMethodException notPublic) {
        m = Recording.class.getDeclaredMethod("setFlushInterval", Duration.class);
        Module jfr = Recording.class.getModule();
        Module self = FlushInterval.class.getModule();
        if (inst != null && !jfr.isOpen(Recording.class.getPackage().getName(), self)) {
          Map<String, Set<Module>> open = Collections.singletonMap(Recording.class.getPackage().getName(), Collections.singleton(self));
          inst.redefineModule(
              jfr, Collections.<Module>emptySet(), Collections.<String, Set<Module>>emptyMap(), open,
              Collections.<Class<?>>emptySet(), Collections.<Class<?>, java.util.List<Class<?>>>emptyMap());
        }
        m.setAccessible(true);
      }
      setter = m;
      return true;
    } catch (NoSuchMethodException | RuntimeException e) {
      // JDK 11 to 13 (no flush to change), or the module cannot be opened: JFR's default stays
      return false;
    }
  }

  /** Sets the interval on a recording not yet started, when {@link #enable} succeeded; else does nothing. */
  static void set(Recording recording, Duration interval) {
    Method m = setter;
    if (m == null) {
      return;
    }
    try {
      m.invoke(recording, interval);
    } catch (ReflectiveOperationException | RuntimeException e) {
      setter = null;
    }
  }

  /** The recording's flush interval, where the JDK has one and it can be read (tests). */
  static Duration get(Recording recording) {
    try {
      Method g = Recording.class.getDeclaredMethod("getFlushInterval");
      g.setAccessible(true);
      return (Duration) g.invoke(recording);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
