package com.acme.misbehaving;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Instrumented methods whose arguments, receivers and results misbehave: accessors that throw or return null, a
 * 10 MB string, a cyclic object whose toString overflows the stack, checked and unchecked exceptions and Errors,
 * and the same model class loaded by a custom, a parallel-capable and a child-first loader. Prints one digest line
 * per call; a run with the agent must print exactly what a run without it prints.
 */
public final class MisbehavingApp {
  private MisbehavingApp() {}

  public static void main(String[] args) throws Exception {
    List<String> digest = new ArrayList<>();
    Model model = new Model();
    Tools tools = new Tools();
    digest.add(call("huge reply", () -> model.chat(new Prompt()).text.length()));
    digest.add(call("null model", () -> model.chatNullModel(new Prompt()).model()));
    digest.add(call("throwing accessors", () -> model.chatThrowingAccessors(new ThrowingPrompt()).text.length()));
    digest.add(call("cyclic", () -> model.chatCyclic(new Cyclic()).hashCode() == 0));
    digest.add(call("tool request throws", () -> tools.execute(new ThrowingRequest())));
    digest.add(call("checked", () -> tools.checked("x")));
    digest.add(call("unchecked", () -> tools.unchecked("x")));
    digest.add(call("error", () -> tools.error("x")));
    digest.add(call("task", () -> new Runner().run("job")));
    URL classes = MisbehavingApp.class.getProtectionDomain().getCodeSource().getLocation();
    digest.add(call("custom loader", () -> viaLoader(new URLClassLoader(new URL[] {classes}, null))));
    digest.add(call("parallel loader", () -> viaLoader(new ParallelLoader(classes))));
    digest.add(call("child-first loader", () -> viaLoader(new ChildFirstLoader(classes))));
    for (String line : digest) {
      System.out.println(line);
    }
  }

  private static Object viaLoader(ClassLoader loader) throws Exception {
    Class<?> tools = Class.forName(Tools.class.getName(), true, loader);
    Object instance = tools.getDeclaredConstructor().newInstance();
    try {
      return tools.getMethod("unchecked", String.class).invoke(instance, "loaded");
    } catch (java.lang.reflect.InvocationTargetException e) {
      Throwable cause = e.getCause();
      return "threw " + cause.getClass().getName() + " from " + tools.getClassLoader().getClass().getSimpleName()
          + ": " + cause.getMessage() + " at " + top(cause);
    }
  }

  interface Body {
    Object run() throws Throwable;
  }

  private static String call(String name, Body body) {
    Tools.lastThrown = null;
    try {
      return name + " -> " + body.run();
    } catch (Throwable t) {
      // the same instance the method threw, with its own stack: the agent must not wrap or replace it
      boolean same = t == Tools.lastThrown;
      return name + " -> threw " + t.getClass().getName() + ": " + t.getMessage() + " same=" + same + " at " + top(t);
    }
  }

  private static String top(Throwable t) {
    StackTraceElement[] stack = t.getStackTrace();
    return stack.length == 0 ? "?" : stack[0].getClassName() + "." + stack[0].getMethodName();
  }

  /** An LLM-like client. */
  public static final class Model {
    public String getModel() {
      return "misbehaving-model";
    }

    public Reply chat(Prompt prompt) {
      return new Reply(Prompt.HUGE, "misbehaving-model-1");
    }

    public Reply chatNullModel(Prompt prompt) {
      return new Reply(null, null);
    }

    public Reply chatThrowingAccessors(Prompt prompt) {
      return new ThrowingReply();
    }

    public Cyclic chatCyclic(Cyclic prompt) {
      return prompt;
    }
  }

  /** A prompt whose text is 10 MB. */
  public static class Prompt {
    static final String HUGE = "x".repeat(10 * 1024 * 1024);

    public String content() {
      return HUGE;
    }

    @Override
    public String toString() {
      return HUGE;
    }
  }

  /** A prompt whose every accessor throws. */
  public static final class ThrowingPrompt extends Prompt {
    @Override
    public String content() {
      throw new IllegalStateException("content() refuses");
    }

    @Override
    public String toString() {
      throw new IllegalStateException("toString() refuses");
    }

    @Override
    public int hashCode() {
      throw new IllegalStateException("hashCode() refuses");
    }
  }

  /** A reply as a client library returns one. */
  public static class Reply {
    final String text;
    private final String model;

    Reply(String text, String model) {
      this.text = text;
      this.model = model;
    }

    public String text() {
      return text;
    }

    public String model() {
      return model;
    }

    public Object usage() {
      return null;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** A reply whose accessors throw. */
  public static final class ThrowingReply extends Reply {
    ThrowingReply() {
      super("ok", "m");
    }

    @Override
    public String text() {
      throw new UnsupportedOperationException("text() refuses");
    }

    @Override
    public String model() {
      throw new UnsupportedOperationException("model() refuses");
    }

    @Override
    public Object usage() {
      throw new StackOverflowError("usage() overflows");
    }

    @Override
    public String toString() {
      throw new UnsupportedOperationException("toString() refuses");
    }
  }

  /** An object graph with a cycle whose toString recurses until the stack overflows. */
  public static final class Cyclic {
    final List<Object> items = new ArrayList<>();

    Cyclic() {
      items.add(this);
    }

    @Override
    public String toString() {
      return "Cyclic" + items.get(0);
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }

  /** A tool request (name()/id()/arguments()) whose accessors throw. */
  public static final class ThrowingRequest {
    public String name() {
      throw new IllegalStateException("name() refuses");
    }

    public String id() {
      throw new IllegalStateException("id() refuses");
    }

    public String arguments() {
      throw new IllegalStateException("arguments() refuses");
    }

    @Override
    public String toString() {
      throw new IllegalStateException("toString() refuses");
    }
  }

  /** Tools that fail in every way a method can. */
  public static final class Tools {
    static volatile Throwable lastThrown;

    public String execute(ThrowingRequest request) {
      return "executed";
    }

    public String checked(String input) throws IOException {
      throw remember(new IOException("checked " + input));
    }

    public String unchecked(String input) {
      throw remember(new IllegalArgumentException("unchecked " + input));
    }

    public String error(String input) {
      throw remember(new AssertionError("error " + input));
    }

    private static <T extends Throwable> T remember(T t) {
      lastThrown = t;
      return t;
    }
  }

  /** A task. */
  public static final class Runner {
    public String run(String job) {
      return "ran " + job;
    }
  }

  /** A parallel-capable loader that defines the app's classes itself. */
  static final class ParallelLoader extends URLClassLoader {
    static {
      ClassLoader.registerAsParallelCapable();
    }

    ParallelLoader(URL classes) {
      super(new URL[] {classes}, null);
    }
  }

  /** Child-first: its own classes before the parent's, as plugin and web-app loaders do. */
  static final class ChildFirstLoader extends URLClassLoader {
    ChildFirstLoader(URL classes) {
      super(new URL[] {classes}, MisbehavingApp.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null && name.startsWith("com.acme.misbehaving.")) {
          try {
            c = findClass(name);
          } catch (ClassNotFoundException e) {
            c = null;
          }
        }
        if (c == null) {
          return super.loadClass(name, resolve);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }
}
