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
    Map<String, byte[]> pending = referencedFirst(classes(bootstrapJar));
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

  /**
   * Orders classes so that a class comes after every class it can reach through references (classes
   * that refer to each other, such as outer and inner classes, are defined together). Classes become
   * usable by other threads as soon as they are defined; in this order none can be initialised
   * before what its initialiser needs exists. Tarjan's algorithm emits strongly connected components
   * exactly in this order.
   */
  static Map<String, byte[]> referencedFirst(Map<String, byte[]> classes) {
    Map<String, Set<String>> refs = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : classes.entrySet()) {
      Set<String> r = new java.util.LinkedHashSet<>(referencedClasses(e.getValue()));
      r.retainAll(classes.keySet());
      r.remove(e.getKey());
      refs.put(e.getKey(), r);
    }
    Map<String, byte[]> ordered = new LinkedHashMap<>();
    new Tarjan(refs, name -> ordered.put(name, classes.get(name))).run();
    return ordered;
  }

  /** Strongly connected components, emitted after every component they reach. */
  private static final class Tarjan {
    private final Map<String, Set<String>> edges;
    private final java.util.function.Consumer<String> emit;
    private final Map<String, Integer> index = new java.util.HashMap<>();
    private final Map<String, Integer> low = new java.util.HashMap<>();
    private final java.util.Deque<String> stack = new java.util.ArrayDeque<>();
    private final Set<String> onStack = new java.util.HashSet<>();
    private int next;

    Tarjan(Map<String, Set<String>> edges, java.util.function.Consumer<String> emit) {
      this.edges = edges;
      this.emit = emit;
    }

    void run() {
      for (String v : edges.keySet()) {
        if (!index.containsKey(v)) {
          visit(v);
        }
      }
    }

    private void visit(String v) {
      index.put(v, next);
      low.put(v, next);
      next++;
      stack.push(v);
      onStack.add(v);
      for (String w : edges.get(v)) {
        if (!index.containsKey(w)) {
          visit(w);
          low.put(v, Math.min(low.get(v), low.get(w)));
        } else if (onStack.contains(w)) {
          low.put(v, Math.min(low.get(v), index.get(w)));
        }
      }
      if (low.get(v).equals(index.get(v))) {
        String w;
        do {
          w = stack.pop();
          onStack.remove(w);
          emit.accept(w);
        } while (!w.equals(v));
      }
    }
  }

  /** Binary names of the classes in a class file's constant pool. */
  static Set<String> referencedClasses(byte[] classFile) {
    Set<String> names = new java.util.HashSet<>();
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(classFile);
    in.position(8);
    int count = in.getShort() & 0xffff;
    String[] utf8 = new String[count];
    int[] classNameIndex = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = in.get() & 0xff;
      switch (tag) {
        case 1: // Utf8
          {
            int length = in.getShort() & 0xffff;
            byte[] bytes = new byte[length];
            in.get(bytes);
            utf8[i] = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            break;
          }
        case 7: // Class
          classNameIndex[i] = in.getShort() & 0xffff;
          break;
        case 8: case 16: case 19: case 20: // String, MethodType, Module, Package
          in.position(in.position() + 2);
          break;
        case 15: // MethodHandle
          in.position(in.position() + 3);
          break;
        case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
          in.position(in.position() + 4);
          break;
        case 5: case 6: // Long, Double take two slots
          in.position(in.position() + 8);
          i++;
          break;
        default:
          throw new IllegalArgumentException("unknown constant pool tag " + tag);
      }
    }
    for (int index : classNameIndex) {
      if (index > 0 && utf8[index] != null) {
        names.add(utf8[index].replace('/', '.'));
      }
    }
    return names;
  }
}
