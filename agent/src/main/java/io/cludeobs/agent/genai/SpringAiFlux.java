package io.cludeobs.agent.genai;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * Ends a Spring AI stream's call when its {@code Flux} completes, fails or is cancelled, and sees
 * every {@code ChatResponse} on its way to the subscriber. A Flux is a class, not an interface, so
 * the agent adds Reactor's own {@code doOn…} operators by reflection (their arguments are JDK
 * functional interfaces) rather than linking against Reactor.
 */
final class SpringAiFlux {

  static final String FLUX = "reactor.core.publisher.Flux";
  static final String PUBLISHER = "org.reactivestreams.Publisher";

  private SpringAiFlux() {}

  /** The Flux that takes {@code returned}'s place, or null when it is not a Flux. */
  static Object wrap(GenAiRecorder recorder, LlmCall call, Object returned) throws ReflectiveOperationException {
    Class<?> flux = returned == null ? null : superclassNamed(returned.getClass(), FLUX);
    if (flux == null) {
      return null;
    }
    Class<?> publisher = StreamWrappers.findInterface(flux, PUBLISHER);
    if (publisher == null) {
      return null;
    }
    // subscribing starts the request; a model call a library below makes then is this call's, not a new one
    Object source =
        Proxy.newProxyInstance(
            publisher.getClassLoader(), new Class<?>[] {publisher}, new Subscribing(recorder, returned));
    Object f = flux.getMethod("from", publisher).invoke(null, source);
    Consumer<Object> chunk = c -> recorder.chunk(call, c);
    Consumer<Throwable> failed = e -> recorder.finish(call, e, false);
    Runnable completed = () -> recorder.finish(call, null, false);
    Runnable cancelled = () -> recorder.finish(call, null, true);
    f = flux.getMethod("doOnNext", Consumer.class).invoke(f, chunk);
    f = flux.getMethod("doOnError", Consumer.class).invoke(f, failed);
    f = flux.getMethod("doOnComplete", Runnable.class).invoke(f, completed);
    return flux.getMethod("doOnCancel", Runnable.class).invoke(f, cancelled);
  }

  static Class<?> superclassNamed(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(name)) {
        return c;
      }
    }
    return null;
  }

  /** The original Flux as a plain Publisher, subscribed to inside the call's nesting depth. */
  static final class Subscribing implements InvocationHandler {
    private final GenAiRecorder recorder;
    private final Object target;

    Subscribing(GenAiRecorder recorder, Object target) {
      this.recorder = recorder;
      this.target = target;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        switch (method.getName()) {
          case "equals":
            return proxy == args[0];
          case "hashCode":
            return System.identityHashCode(proxy);
          default:
            return target.toString();
        }
      }
      boolean subscribe = "subscribe".equals(method.getName());
      if (subscribe) {
        recorder.enterNested();
      }
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      } finally {
        if (subscribe) {
          recorder.leaveNested();
        }
      }
    }
  }
}
