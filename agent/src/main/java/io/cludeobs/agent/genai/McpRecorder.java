package io.cludeobs.agent.genai;

import io.cludeobs.agent.AgentLog;
import io.cludeobs.agent.tracing.LibrarySpans;
import io.cludeobs.bootstrap.genai.McpCalls;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * MCP tool calls as {@code execute_tool} spans: the client's {@code callTool} and the server's
 * {@code tools/call} handler, joined across the wire by a W3C {@code traceparent} in the request's
 * {@code _meta}. Reads the SDK's objects by accessor name and its {@code Mono} by reflection: the
 * agent links against neither the SDK nor Reactor.
 */
final class McpRecorder implements McpCalls.Sink {

  static final String LIBRARY = "mcp";
  /** The client's tool runs elsewhere, behind the MCP server: the convention's "extension". */
  static final String CLIENT_TOOL_TYPE = "extension";
  /** The server handler is the tool's own code. */
  static final String SERVER_TOOL_TYPE = "function";
  /** {@code error.type} of a call whose result says {@code isError=true}. */
  static final String TOOL_ERROR = "tool_error";
  /** A {@code _meta} key a caller may set to carry the model's tool-call id (MCP has none of its own). */
  static final String CALL_ID_META = "gen_ai.tool.call.id";

  static final String CALL_TOOL_REQUEST = "io.modelcontextprotocol.spec.McpSchema$CallToolRequest";
  static final String MONO = "reactor.core.publisher.Mono";
  static final String REQUEST_HANDLER = "io.modelcontextprotocol.server.McpRequestHandler";

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  private final LibrarySpans spans;
  private volatile MonoHooks hooks;

  McpRecorder(LibrarySpans spans) {
    this.spans = spans;
  }

  @Override
  public Object client(Object request) {
    try {
      Map<?, ?> meta = asMap(Reflect.call(request, "meta"));
      return new Call(
          spans.startTool(
              LIBRARY, Reflect.text(request, "name"), text(meta.get(CALL_ID_META)),
              Reflect.call(request, "arguments"), CLIENT_TOOL_TYPE),
          null);
    } catch (Throwable t) {
      contained(t);
      return null;
    }
  }

  @Override
  public Object withTraceContext(Object call, Object request) {
    try {
      if (request == null || !CALL_TOOL_REQUEST.equals(request.getClass().getName())) {
        return request;
      }
      Map<String, Object> meta = new LinkedHashMap<>();
      Map<?, ?> old = asMap(Reflect.call(request, "meta"));
      for (Map.Entry<?, ?> e : old.entrySet()) {
        meta.put(String.valueOf(e.getKey()), e.getValue());
      }
      int before = meta.size();
      W3C.inject(Context.current(), meta, MapSetter.INSTANCE);
      if (meta.size() == before && !meta.containsKey("traceparent")) {
        return request;
      }
      Constructor<?> c = request.getClass().getConstructor(String.class, Map.class, Map.class);
      return c.newInstance(Reflect.call(request, "name"), Reflect.call(request, "arguments"), meta);
    } catch (Throwable t) {
      contained(t);
      return request;
    }
  }

  @Override
  public Object toolsCallHandler(Object handler) {
    try {
      Class<?> type = handler == null ? null : interfaceNamed(handler.getClass(), REQUEST_HANDLER);
      if (type == null) {
        return handler;
      }
      return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new ToolsCallHandler(handler));
    } catch (Throwable t) {
      contained(t);
      return handler;
    }
  }

  /** Starts a server tool call for the request's raw {@code params}; returns the call, or null. */
  Object server(Object params) {
    try {
      Object name;
      Object arguments;
      Map<?, ?> meta;
      if (params instanceof Map) {
        // the transport hands the handler the request's JSON as maps; the SDK converts it afterwards
        Map<?, ?> map = (Map<?, ?>) params;
        name = map.get("name");
        arguments = map.get("arguments");
        meta = asMap(map.get("_meta"));
      } else {
        name = Reflect.call(params, "name");
        arguments = Reflect.call(params, "arguments");
        meta = asMap(Reflect.call(params, "meta"));
      }
      if (!(name instanceof String)) {
        return null;
      }
      Context remote = W3C.extract(Context.root(), meta, MapGetter.INSTANCE);
      Scope outer = null;
      if (Span.fromContext(remote).getSpanContext().isValid()) {
        // the client's span becomes the parent; the handler's thread had no trace of its own to keep
        outer = Context.current().with(Span.fromContext(remote)).makeCurrent();
      }
      try {
        return new Call(
            spans.startTool(LIBRARY, (String) name, text(meta.get(CALL_ID_META)), arguments, SERVER_TOOL_TYPE),
            outer);
      } catch (Throwable t) {
        if (outer != null) {
          outer.close();
        }
        throw t;
      }
    } catch (Throwable t) {
      contained(t);
      return null;
    }
  }

  @Override
  public Object end(Object token, Object returned, Throwable thrown) {
    Call call = (Call) token;
    try {
      spans.leaveThread(call.handle);
      if (call.outer != null) {
        call.outer.close();
      }
      if (thrown == null && returned != null) {
        Object wrapped = whenDone(call.handle, returned);
        if (wrapped != null) {
          return wrapped;
        }
      }
      finish(call.handle, returned, thrown);
    } catch (Throwable t) {
      contained(t);
      spans.finish(call.handle, null, null);
    }
    return returned;
  }

  /** Ends the span when the returned {@code Mono} succeeds, fails or is cancelled; null if it is none. */
  private Object whenDone(LibrarySpans.Handle h, Object returned) throws Exception {
    MonoHooks m = hooks;
    if (m == null || !m.mono.isInstance(returned)) {
      Class<?> mono = superclassNamed(returned.getClass(), MONO);
      if (mono == null) {
        return null;
      }
      m = new MonoHooks(mono);
      hooks = m;
    }
    Consumer<Object> success = value -> finish(h, value, null);
    Consumer<Throwable> error = t -> finish(h, null, t);
    Runnable cancel = () -> finish(h, null, null);
    Object wrapped = m.doOnSuccess.invoke(returned, success);
    wrapped = m.doOnError.invoke(wrapped, error);
    return m.doOnCancel.invoke(wrapped, cancel);
  }

  /** A result with {@code isError=true} is a failed call, reported as {@code tool_error}. */
  void finish(LibrarySpans.Handle h, Object result, Throwable thrown) {
    try {
      boolean failed = thrown == null && Boolean.TRUE.equals(Reflect.call(result, "isError"));
      spans.finish(h, result, thrown, failed ? TOOL_ERROR : null);
    } catch (Throwable t) {
      contained(t);
    }
  }

  static Class<?> interfaceNamed(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        if (name.equals(i.getName())) {
          return i;
        }
      }
    }
    return null;
  }

  static Class<?> superclassNamed(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (name.equals(c.getName())) {
        return c;
      }
    }
    return null;
  }

  private static Map<?, ?> asMap(Object value) {
    return value instanceof Map ? (Map<?, ?>) value : Collections.emptyMap();
  }

  private static String text(Object value) {
    return value instanceof String ? (String) value : null;
  }

  private static void contained(Throwable t) {
    AgentLog.once("mcp " + t.getClass().getName(), "internal error contained (the application is not affected): " + t);
  }

  /** The server's {@code tools/call} handler: each {@code handle(exchange, params)} is a tool span. */
  final class ToolsCallHandler implements InvocationHandler {
    private final Object handler;

    ToolsCallHandler(Object handler) {
      this.handler = handler;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        if ("equals".equals(method.getName())) {
          return proxy == args[0];
        }
        if ("hashCode".equals(method.getName())) {
          return System.identityHashCode(proxy);
        }
        return method.invoke(handler, args);
      }
      Object call = "handle".equals(method.getName()) && args != null && args.length == 2 ? server(args[1]) : null;
      Object result;
      try {
        result = method.invoke(handler, args);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (call != null) {
          end(call, null, cause);
        }
        throw cause;
      }
      return call == null ? result : end(call, result, null);
    }
  }

  /** One started tool call and, on the server, the remote parent's scope to close after it. */
  static final class Call {
    final LibrarySpans.Handle handle;
    final Scope outer;

    Call(LibrarySpans.Handle handle, Scope outer) {
      this.handle = handle;
      this.outer = outer;
    }
  }

  /** The three {@code Mono} operators that see its end, all taking JDK functional types. */
  static final class MonoHooks {
    final Class<?> mono;
    final Method doOnSuccess;
    final Method doOnError;
    final Method doOnCancel;

    MonoHooks(Class<?> mono) throws NoSuchMethodException {
      this.mono = mono;
      this.doOnSuccess = mono.getMethod("doOnSuccess", Consumer.class);
      this.doOnError = mono.getMethod("doOnError", Consumer.class);
      this.doOnCancel = mono.getMethod("doOnCancel", Runnable.class);
    }
  }

  private enum MapSetter implements TextMapSetter<Map<String, Object>> {
    INSTANCE;

    @Override
    public void set(Map<String, Object> carrier, String key, String value) {
      if (carrier != null) {
        carrier.put(key, value);
      }
    }
  }

  private enum MapGetter implements TextMapGetter<Map<?, ?>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<?, ?> carrier) {
      java.util.List<String> keys = new java.util.ArrayList<>();
      for (Object k : carrier.keySet()) {
        keys.add(String.valueOf(k));
      }
      return keys;
    }

    @Override
    public String get(Map<?, ?> carrier, String key) {
      Object v = carrier == null ? null : carrier.get(key);
      return v instanceof String ? (String) v : null;
    }
  }
}
