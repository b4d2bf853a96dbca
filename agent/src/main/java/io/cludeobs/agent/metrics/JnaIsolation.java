package io.cludeobs.agent.metrics;

import io.opentelemetry.api.metrics.Meter;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Loads the system collector, OSHI and JNA in a private class loader. JNA's native library binds
 * its JNI functions by the class names {@code com.sun.jna.*}, so JNA cannot be relocated like our
 * other dependencies; the agent jar nests JNA's own jars as {@code clude-obs-inst/jna*.jar.bin},
 * where the application's class loader never sees them, and this loader serves {@code com.sun.jna}
 * from copies of them in a temp directory (deleted at exit). OSHI (relocated) and the collector
 * come from the agent jar but are defined here, so that they link against this JNA. In unit tests
 * (no shaded jar) JNA is on the class path and the collector is called directly.
 */
final class JnaIsolation extends ClassLoader {

  static final String NESTED_DIR = "clude-obs-inst/";
  static final String[] NESTED_JARS = {"jna.jar.bin", "jna-platform.jar.bin"};
  static final String COLLECTOR = "io.cludeobs.agent.metrics.system.SystemMetrics";
  private static final String COLLECTOR_PACKAGE = "io.cludeobs.agent.metrics.system.";
  private static final String JNA_PACKAGE = "com.sun.jna.";
  private static final String JNA_PATH = "com/sun/jna/";

  static {
    registerAsParallelCapable();
  }

  private final ClassLoader agent;
  private final String oshiPackage;
  private final List<JarFile> jna;

  private JnaIsolation(ClassLoader agent, String oshiPackage, List<JarFile> jna) {
    super(agent);
    this.agent = agent;
    this.oshiPackage = oshiPackage;
    this.jna = jna;
  }

  /**
   * Starts the system collector; returns its refresh task, or null when OSHI cannot load (the
   * collector has then said so in one line).
   */
  static Runnable startSystemMetrics(Meter meter) throws ReflectiveOperationException, IOException {
    ClassLoader agent = JnaIsolation.class.getClassLoader();
    Class<?> collector;
    if (agent.getResource(NESTED_DIR + NESTED_JARS[0]) == null) {
      collector = Class.forName(COLLECTOR, true, agent);
    } else {
      collector = new JnaIsolation(agent, oshiPackage(), extract(agent)).loadClass(COLLECTOR);
    }
    try {
      return (Runnable) collector.getMethod("start", Meter.class).invoke(null, meter);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** JarFile needs a file; the copies live as long as the JVM. */
  private static List<JarFile> extract(ClassLoader agent) throws IOException {
    Path dir = Files.createTempDirectory("clude-obs-jna");
    dir.toFile().deleteOnExit();
    List<JarFile> jars = new ArrayList<>();
    for (String name : NESTED_JARS) {
      Path file = dir.resolve(name.replace(".bin", ""));
      try (InputStream in = agent.getResourceAsStream(NESTED_DIR + name)) {
        if (in == null) {
          throw new IOException("the agent jar has no " + NESTED_DIR + name);
        }
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      // registered after the directory, so deleted before it
      file.toFile().deleteOnExit();
      jars.add(new JarFile(file.toFile()));
    }
    return jars;
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
        byte[] bytes = name.startsWith(JNA_PACKAGE) ? readNested(path) : readAgent(path);
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
      for (JarFile jar : jna) {
        if (jar.getEntry(n) != null) {
          try {
            return new URL("jar:" + new File(jar.getName()).toURI() + "!/" + n);
          } catch (MalformedURLException e) {
            return null;
          }
        }
      }
      return null;
    }
    return super.getResource(name);
  }

  private byte[] readNested(String path) {
    for (JarFile jar : jna) {
      ZipEntry entry = jar.getEntry(path);
      if (entry != null) {
        try (InputStream in = jar.getInputStream(entry)) {
          return readAll(in);
        } catch (IOException e) {
          return null;
        }
      }
    }
    return null;
  }

  private byte[] readAgent(String path) {
    try (InputStream in = agent.getResourceAsStream(path)) {
      return in == null ? null : readAll(in);
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) > 0; ) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
