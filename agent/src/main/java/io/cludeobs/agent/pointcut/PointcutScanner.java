package io.cludeobs.agent.pointcut;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/** Dry run of pointcut settings: lists the methods they would weave in jars and class folders. */
public final class PointcutScanner {
  private PointcutScanner() {}

  /**
   * Dry run: reads class files from jars/dirs without loading them (Byte Buddy TypePool over a
   * ClassFileLocator of the given entries plus the running JDK's classes so supertypes resolve), and
   * lists every method each category's pointcuts would weave. Result: category -> (include pointcut
   * text -> sorted method strings like "com.acme.tools.ReadTool#execute(java.lang.String)").
   * Categories keep Category enum order; a method taken by an earlier category (TASK, LLM, TOOL, SPAN
   * order) is not listed again under a later one. Every include of every given category is listed, with
   * an empty list if it selects nothing. Classes whose supertypes are neither on the path nor in the JDK
   * are skipped, as they could not be loaded either.
   */
  public static Map<Category, Map<String, List<String>>> scan(
      List<Path> classpath, Map<Category, PointcutSet> sets) throws IOException {
    Objects.requireNonNull(classpath, "classpath");
    Objects.requireNonNull(sets, "sets");
    List<Closeable> opened = new ArrayList<>();
    try {
      List<ClassFileLocator> locators = new ArrayList<>();
      Set<String> classNames = new TreeSet<>();
      for (Path entry : classpath) {
        if (Files.isDirectory(entry)) {
          locators.add(new ClassFileLocator.ForFolder(entry.toFile()));
          listFolder(entry, classNames);
        } else if (Files.isRegularFile(entry)) {
          JarFile jar = new JarFile(entry.toFile());
          opened.add(jar);
          locators.add(new ClassFileLocator.ForJarFile(jar));
          listJar(jar, classNames);
        } else {
          throw new NoSuchFileException(entry.toString(), null, "not a class folder or jar");
        }
      }
      // the platform loader sees every JDK module, so java.util.concurrent.Callable+ and the like resolve
      locators.add(ClassFileLocator.ForClassLoader.ofPlatformLoader());
      TypePool pool =
          TypePool.Default.WithLazyResolution.of(new ClassFileLocator.Compound(locators));
      return scan(pool, classNames, sets);
    } finally {
      IOException failure = null;
      for (Closeable c : opened) {
        try {
          c.close();
        } catch (IOException e) {
          failure = e;
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  private static Map<Category, Map<String, List<String>>> scan(
      TypePool pool, Set<String> classNames, Map<Category, PointcutSet> sets) {
    Map<Category, Map<String, Set<String>>> found = new EnumMap<>(Category.class);
    for (Category category : Category.values()) {
      PointcutSet set = sets.get(category);
      if (set == null) {
        continue;
      }
      Map<String, Set<String>> byInclude = new LinkedHashMap<>();
      for (Pointcut include : set.includes()) {
        byInclude.put(include.toString(), new TreeSet<String>());
      }
      found.put(category, byInclude);
    }
    Set<String> taken = new HashSet<>();
    for (String className : classNames) {
      TypePool.Resolution resolution = pool.describe(className);
      if (!resolution.isResolved()) {
        continue;
      }
      scanType(resolution.resolve(), sets, found, taken);
    }
    Map<Category, Map<String, List<String>>> result = new EnumMap<>(Category.class);
    for (Map.Entry<Category, Map<String, Set<String>>> category : found.entrySet()) {
      Map<String, List<String>> byInclude = new LinkedHashMap<>();
      for (Map.Entry<String, Set<String>> include : category.getValue().entrySet()) {
        byInclude.put(
            include.getKey(), Collections.unmodifiableList(new ArrayList<>(include.getValue())));
      }
      result.put(category.getKey(), Collections.unmodifiableMap(byInclude));
    }
    return Collections.unmodifiableMap(result);
  }

  private static void scanType(
      TypeDescription type,
      Map<Category, PointcutSet> sets,
      Map<Category, Map<String, Set<String>>> found,
      Set<String> taken) {
    for (Map.Entry<Category, Map<String, Set<String>>> category : found.entrySet()) {
      PointcutSet set = sets.get(category.getKey());
      try {
        if (set.isEmpty() || !set.typeMatcher().matches(type)) {
          continue;
        }
        for (MethodDescription method : type.getDeclaredMethods()) {
          String signature = signature(method);
          if (taken.contains(signature)) {
            continue;
          }
          Pointcut selecting = set.selecting(method);
          if (selecting != null) {
            taken.add(signature);
            category.getValue().get(selecting.toString()).add(signature);
          }
        }
      } catch (IllegalStateException e) {
        // TypePool throws this when a supertype or annotation type is missing from the path; only
        // the pointcuts that needed it lose the type
        continue;
      }
    }
  }

  /** {@code com.acme.tools.ReadTool#execute(java.lang.String,int[])}, in the pointcut language's syntax. */
  static String signature(MethodDescription method) {
    StringBuilder sb = new StringBuilder();
    sb.append(method.getDeclaringType().asErasure().getName())
        .append('#')
        .append(method.getInternalName())
        .append('(');
    boolean first = true;
    for (ParameterDescription parameter : method.getParameters()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append(parameter.getType().asErasure().getActualName());
    }
    return sb.append(')').toString();
  }

  private static void listFolder(Path folder, Set<String> classNames) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      files
          .filter(Files::isRegularFile)
          .map(file -> folder.relativize(file).toString().replace('\\', '/'))
          .forEach(relative -> addClassName(relative, classNames));
    }
  }

  private static void listJar(JarFile jar, Set<String> classNames) {
    Enumeration<JarEntry> entries = jar.entries();
    while (entries.hasMoreElements()) {
      JarEntry entry = entries.nextElement();
      if (!entry.isDirectory()) {
        addClassName(entry.getName(), classNames);
      }
    }
  }

  private static void addClassName(String relativePath, Set<String> classNames) {
    // META-INF/versions/** are multi-release variants of classes listed at the top level
    if (!relativePath.endsWith(".class")
        || relativePath.startsWith("META-INF/")
        || relativePath.endsWith("module-info.class")
        || relativePath.endsWith("package-info.class")) {
      return;
    }
    classNames.add(
        relativePath.substring(0, relativePath.length() - ".class".length()).replace('/', '.'));
  }
}
