package io.cludeobs.agent.genai;

import io.cludeobs.bootstrap.genai.LangChain4jCalls;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent side of {@link LangChain4jCalls}: AI service methods as {@code invoke_agent} spans,
 * tool runs as {@code execute_tool} spans named by their {@code ToolExecutionRequest}, and the
 * streaming handler that ends a streamed chat when LangChain4j reports its end.
 */
final class LangChain4jHooks implements LangChain4jCalls.Sink {

  static final String LIBRARY = "langchain4j";
  static final String STREAMING_HANDLER = "dev.langchain4j.model.chat.response.StreamingChatResponseHandler";

  private final GenAiRecorder recorder;
  private final ConcurrentHashMap<Method, String> agentNames = new ConcurrentHashMap<>();

  LangChain4jHooks(GenAiRecorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public Object agent(Method method) {
    try {
      if (method == null || method.getDeclaringClass() == Object.class || method.isDefault()) {
        return null;
      }
      String name = agentNames.get(method);
      if (name == null) {
        name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        agentNames.put(method, name);
      }
      return recorder.agent(LIBRARY, name);
    } catch (Throwable t) {
      recorder.contained(t);
      return null;
    }
  }

  @Override
  public Object tool(Object request) {
    try {
      if (request == null) {
        return null;
      }
      // arguments are text the model wrote: read only when they may be captured
      Object arguments = ContentCapture.installed().enabled() ? Reflect.text(request, "arguments") : null;
      return recorder.tool(LIBRARY, Reflect.text(request, "name"), Reflect.text(request, "id"), arguments);
    } catch (Throwable t) {
      recorder.contained(t);
      return null;
    }
  }

  @Override
  public void endTool(Object tool, Object result, Throwable thrown) {
    try {
      // the result's text, not the ToolExecutionResult holder, is what the model sees
      Object text = result != null && ContentCapture.installed().enabled() ? Reflect.text(result, "resultText") : null;
      recorder.end(tool, text, thrown);
    } catch (Throwable t) {
      recorder.contained(t);
    }
  }

  @Override
  public Object streamHandler(Object call, Object handler) {
    try {
      if (!(call instanceof LlmCall) || handler == null) {
        return handler;
      }
      Class<?> type = StreamWrappers.findInterface(handler.getClass(), STREAMING_HANDLER);
      if (type == null) {
        return handler;
      }
      return Proxy.newProxyInstance(
          type.getClassLoader(), new Class<?>[] {type}, new ObservedHandler(recorder, (LlmCall) call, handler));
    } catch (Throwable t) {
      recorder.contained(t);
      return handler;
    }
  }

  @Override
  public void streamReturned(Object call, Throwable thrown) {
    try {
      if (call instanceof LlmCall) {
        LlmCall c = (LlmCall) call;
        // the method returned: the thread is out of this model call, whatever the stream does later
        recorder.leaveNested();
        c.closeScope();
        if (thrown != null) {
          recorder.finish(c, thrown, false);
        }
      }
    } catch (Throwable t) {
      recorder.contained(t);
    }
  }

  /**
   * The application's {@code StreamingChatResponseHandler}: the first partial response marks the
   * first chunk, the complete response or the error ends the call before the application sees it.
   */
  static final class ObservedHandler implements InvocationHandler {
    private final GenAiRecorder recorder;
    private final LlmCall call;
    private final Object target;

    ObservedHandler(GenAiRecorder recorder, LlmCall call, Object target) {
      this.recorder = recorder;
      this.call = call;
      this.target = target;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (method.getDeclaringClass() == Object.class) {
        if ("equals".equals(name)) {
          return proxy == args[0];
        }
        if ("hashCode".equals(name)) {
          return System.identityHashCode(proxy);
        }
        return target.toString();
      }
      int n = args == null ? 0 : args.length;
      if ("onPartialResponse".equals(name) && n >= 1) {
        recorder.chunk(call, args[0]);
      } else if ("onCompleteResponse".equals(name) && n == 1) {
        try {
          call.reader.readResponse(call, args[0]);
        } catch (Throwable t) {
          recorder.contained(t);
        }
        recorder.finish(call, null, false);
      } else if ("onError".equals(name) && n == 1 && args[0] instanceof Throwable) {
        recorder.finish(call, (Throwable) args[0], false);
      }
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
