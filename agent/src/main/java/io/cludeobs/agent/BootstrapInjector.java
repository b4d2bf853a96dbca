package io.cludeobs.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Set;

/**
 * Defines the bootstrap classes directly in the bootstrap class loader. Appending a jar to the
 * bootstrap class path instead makes the JVM turn off class-data sharing for every other loader
 * (and print a warning about it); defining the few classes we need keeps sharing on. The price:
 * {@code jdk.internal.misc} is exported to the unnamed module of the system class loader.
 */
final class BootstrapInjector {

  private BootstrapInjector() {}

  /** Returns false when this JVM does not allow it; the caller then appends the jar instead. */
  static boolean inject(Instrumentation inst, InputStream bootstrapJar) throws Exception {
    // jdk.internal.misc.Unsafe (unlike sun.misc.Unsafe, which JDK 24+ warns about) can define a class
    // in the bootstrap loader; its package is exported to the agent's module only for this call path
    Module javaBase = Object.class.getModule();
    Module agent = BootstrapInjector.class.getModule();
    if (!javaBase.isExported("jdk.internal.misc", agent)) {
      if (!inst.isModifiableModule(javaBase)) {
        return false;
      }
      inst.redefineModule(
          javaBase,
          Collections.<Module>emptySet(),
          Collections.singletonMap("jdk.internal.misc", Collections.singleton(agent)),
          Collections.<String, Set<Module>>emptyMap(),
          Collections.<Class<?>>emptySet(),
          Collections.<Class<?>, List<Class<?>>>emptyMap());
    }
    Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
    Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
    Method defineClass =
        unsafeType.getMethod(
            "defineClass", String.class, byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class);
    Map<String, byte[]> pending = classes(bootstrapJar);
    // a class can only be defined once its supertypes are: define in rounds until none is left
    while (!pending.isEmpty()) {
      boolean progress = false;
      Throwable last = null;
      for (Iterator<Map.Entry<String, byte[]>> it = pending.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, byte[]> e = it.next();
        try {
          byte[] bytes = e.getValue();
          defineClass.invoke(unsafe, e.getKey(), bytes, 0, bytes.length, null, null);
          it.remove();
          progress = true;
        } catch (InvocationTargetException failed) {
          last = failed.getCause();
        }
      }
      if (!progress) {
        throw new IOException("cannot define bootstrap classes " + pending.keySet(), last);
      }
    }
    return true;
  }

  private static Map<String, byte[]> classes(InputStream jar) throws IOException {
    Map<String, byte[]> classes = new LinkedHashMap<>();
    try (JarInputStream in = new JarInputStream(jar)) {
      for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
        String name = entry.getName();
        if (name.endsWith(".class") && !name.endsWith("module-info.class") && !name.endsWith("package-info.class")) {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          in.transferTo(bytes);
          classes.put(name.substring(0, name.length() - 6).replace('/', '.'), bytes.toByteArray());
        }
      }
    }
    return classes;
  }
}
