package io.cludeobs.agent.genai;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Iterator;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Wraps a library's stream result in a proxy of the library's own stream interface, so the call
 * ends when the stream completes, fails or is closed early rather than when the method returns,
 * and every chunk is seen on its way to the application. Proxies, because the agent cannot
 * compile against the application's library classes.
 */
final class StreamWrappers {

  private StreamWrappers() {}

  /** The proxy that takes {@code returned}'s place, or null when it is not a stream. */
  static Object wrap(GenAiRecorder recorder, LlmCall call, Object returned) {
    if (returned == null) {
      return null;
    }
    Class<?> blocking = findInterface(returned.getClass(), call.reader.blockingStream());
    if (blocking != null) {
      return Proxy.newProxyInstance(
          blocking.getClassLoader(), new Class<?>[] {blocking}, new BlockingStream(recorder, call, returned));
    }
    Class<?> async = findInterface(returned.getClass(), call.reader.asyncStream());
    if (async != null) {
      Object future = Reflect.call(returned, "onCompleteFuture");
      if (future instanceof CompletableFuture) {
        ((CompletableFuture<?>) future)
            .whenComplete((v, error) -> recorder.finish(call, error, false));
      }
      return Proxy.newProxyInstance(
          async.getClassLoader(), new Class<?>[] {async}, new AsyncStream(recorder, call, returned));
    }
    return null;
  }

  static Class<?> findInterface(Class<?> type, String name) {
    if (name == null) {
      return null;
    }
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        if (i.getName().equals(name)) {
          return i;
        }
        Class<?> inherited = findInterface(i, name);
        if (inherited != null) {
          return inherited;
        }
      }
    }
    return null;
  }

  private abstract static class Delegating implements InvocationHandler {
    final Object target;

    Delegating(Object target) {
      this.target = target;
    }

    Object objectMethod(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        default:
          return target.toString();
      }
    }

    Object forward(Object on, Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(on, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    static boolean isObjectMethod(Method method) {
      return method.getDeclaringClass() == Object.class;
    }
  }

  /** {@code StreamResponse}: {@code stream()} is observed, {@code close()} ends an unfinished call. */
  static final class BlockingStream extends Delegating {
    private final GenAiRecorder recorder;
    private final LlmCall call;

    BlockingStream(GenAiRecorder recorder, LlmCall call, Object target) {
      super(target);
      this.recorder = recorder;
      this.call = call;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (isObjectMethod(method)) {
        return objectMethod(proxy, method, args);
      }
      if ("close".equals(method.getName()) && method.getParameterCount() == 0) {
        // ended before the library's close: a reader blocked on the stream fails when it closes,
        // and that failure is the cancellation's, not the call's
        recorder.finish(call, null, true);
        return forward(target, method, args);
      }
      // StreamResponse may also be Iterable (anthropic-java 3.x): its elements are observed the same way
      if ("forEach".equals(method.getName()) && method.getParameterCount() == 1 && target instanceof Iterable) {
        Spliterators.iterator(observe(((Iterable<?>) target).spliterator()))
            .forEachRemaining((Consumer<Object>) args[0]);
        return null;
      }
      Object result = forward(target, method, args);
      if ("iterator".equals(method.getName()) && method.getParameterCount() == 0 && result instanceof Iterator) {
        return Spliterators.iterator(observe(Spliterators.spliteratorUnknownSize((Iterator<?>) result, 0)));
      }
      if ("spliterator".equals(method.getName()) && method.getParameterCount() == 0 && result instanceof Spliterator) {
        return observe((Spliterator<?>) result);
      }
      if ("stream".equals(method.getName()) && result instanceof Stream) {
        Stream<?> inner = (Stream<?>) result;
        return StreamSupport.stream(new Observed(inner.spliterator(), recorder, call), false).onClose(inner::close);
      }
      return result;
    }

    private Observed observe(Spliterator<?> inner) {
      return new Observed(inner, recorder, call);
    }
  }

  /** Sees each element; the end of the elements ends the call, a failure of the source fails it. */
  static final class Observed implements Spliterator<Object> {
    private final Spliterator<?> inner;
    private final GenAiRecorder recorder;
    private final LlmCall call;
    private boolean consumerFailed;

    Observed(Spliterator<?> inner, GenAiRecorder recorder, LlmCall call) {
      this.inner = inner;
      this.recorder = recorder;
      this.call = call;
    }

    @Override
    public boolean tryAdvance(Consumer<? super Object> action) {
      boolean more;
      try {
        more =
            inner.tryAdvance(
                chunk -> {
                  recorder.chunk(call, chunk);
                  try {
                    action.accept(chunk);
                  } catch (RuntimeException | Error e) {
                    consumerFailed = true;
                    throw e;
                  }
                });
      } catch (RuntimeException | Error e) {
        // a failure of the application's own consumer is not the stream's: close() ends the call then
        if (!consumerFailed) {
          recorder.finish(call, e, false);
        }
        throw e;
      }
      if (!more) {
        recorder.finish(call, null, false);
      }
      return more;
    }

    @Override
    public Spliterator<Object> trySplit() {
      return null;
    }

    @Override
    public long estimateSize() {
      return inner.estimateSize();
    }

    @Override
    public int characteristics() {
      return inner.characteristics() & ~(Spliterator.SIZED | Spliterator.SUBSIZED);
    }
  }

  /** {@code AsyncStreamResponse}: the subscribed handler is observed; close() ends an unfinished call. */
  static final class AsyncStream extends Delegating {
    private final GenAiRecorder recorder;
    private final LlmCall call;

    AsyncStream(GenAiRecorder recorder, LlmCall call, Object target) {
      super(target);
      this.recorder = recorder;
      this.call = call;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (isObjectMethod(method)) {
        return objectMethod(proxy, method, args);
      }
      String name = method.getName();
      if ("close".equals(name) && method.getParameterCount() == 0) {
        recorder.finish(call, null, true);
        return forward(target, method, args);
      }
      Object[] actual = args;
      if ("subscribe".equals(name) && args != null && args.length >= 1 && args[0] != null) {
        Class<?> handlerType = method.getParameterTypes()[0];
        actual = args.clone();
        actual[0] =
            Proxy.newProxyInstance(
                handlerType.getClassLoader(), new Class<?>[] {handlerType}, new Handler(recorder, call, args[0]));
      }
      Object result = forward(target, method, actual);
      return result == target ? proxy : result;
    }
  }

  /** The application's stream handler: chunks are seen before it sees them. */
  static final class Handler extends Delegating {
    private final GenAiRecorder recorder;
    private final LlmCall call;

    Handler(GenAiRecorder recorder, LlmCall call, Object target) {
      super(target);
      this.recorder = recorder;
      this.call = call;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (isObjectMethod(method)) {
        return objectMethod(proxy, method, args);
      }
      String name = method.getName();
      if ("onNext".equals(name) && args != null && args.length == 1) {
        recorder.chunk(call, args[0]);
      } else if ("onComplete".equals(name) && args != null && args.length == 1) {
        Object error = args[0] instanceof Optional ? ((Optional<?>) args[0]).orElse(null) : null;
        recorder.finish(call, error instanceof Throwable ? (Throwable) error : null, false);
      }
      return forward(target, method, args);
    }
  }
}
