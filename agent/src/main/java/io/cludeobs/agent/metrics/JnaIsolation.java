package io.cludeobs.agent.metrics;

import io.opentelemetry.api.metrics.Meter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;

/**
 * Loads the system collector, OSHI and JNA in a private class loader. JNA's native library binds
 * its JNI functions by the class names {@code com.sun.jna.*}, so JNA cannot be relocated like our
 * other dependencies; the jar keeps it under {@code clude-obs-inst/jna/}, where the application's
 * class loader never finds it, and this loader serves it from there. In unit tests (no shaded jar)
 * JNA is on the class path and the collector is called directly.
 */
final class JnaIsolation extends ClassLoader {

  static final String JNA_DIR = "clude-obs-inst/jna/";
  static final String COLLECTOR = "io.cludeobs.agent.metrics.system.SystemMetrics";
  private static final String COLLECTOR_PACKAGE = "io.cludeobs.agent.metrics.system.";
  private static final String JNA_PACKAGE = "com.sun.jna.";
  private static final String JNA_PATH = "com/sun/jna/";

  static {
    registerAsParallelCapable();
  }

  private final ClassLoader agent;
  private final String oshiPackage;

  private JnaIsolation(ClassLoader agent, String oshiPackage) {
    super(agent);
    this.agent = agent;
    this.oshiPackage = oshiPackage;
  }

  /**
   * Starts the system collector; returns its refresh task, or null when OSHI cannot load (the
   * collector has then said so in one line).
   */
  static Runnable startSystemMetrics(Meter meter) throws ReflectiveOperationException {
    ClassLoader agent = JnaIsolation.class.getClassLoader();
    Class<?> collector;
    if (agent.getResource(JNA_DIR + JNA_PATH + "Native.class") == null) {
      collector = Class.forName(COLLECTOR, true, agent);
    } else {
      collector = new JnaIsolation(agent, oshiPackage()).loadClass(COLLECTOR);
    }
    try {
      return (Runnable) collector.getMethod("start", Meter.class).invoke(null, meter);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * OSHI's package as relocated in this jar. Built from the relocated name of an OpenTelemetry
   * class, and the word spelled so that the shade plugin, which rewrites string constants that
   * look like relocated names, leaves it alone.
   */
  static String oshiPackage() {
    String meter = Meter.class.getName();
    String prefix = meter.substring(0, meter.indexOf("opentelemetry.api.") - "io.".length());
    return prefix + new String(new char[] {'o', 's', 'h', 'i', '.'});
  }

  private boolean isolated(String name) {
    return name.startsWith(JNA_PACKAGE) || name.startsWith(oshiPackage) || name.startsWith(COLLECTOR_PACKAGE);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!isolated(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        String path = name.replace('.', '/') + ".class";
        byte[] bytes = read(name.startsWith(JNA_PACKAGE) ? JNA_DIR + path : path);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        c = defineClass(name, bytes, 0, bytes.length);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  /** JNA finds its native library as a resource next to its classes. */
  @Override
  public URL getResource(String name) {
    String n = name.startsWith("/") ? name.substring(1) : name;
    if (n.startsWith(JNA_PATH)) {
      return agent.getResource(JNA_DIR + n);
    }
    return super.getResource(name);
  }

  private byte[] read(String resource) {
    try (InputStream in = agent.getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      return null;
    }
  }
}
