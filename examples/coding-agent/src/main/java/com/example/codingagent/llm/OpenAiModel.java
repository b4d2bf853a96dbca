package com.example.codingagent.llm;

import com.example.codingagent.tools.ToolCall;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real chat model behind any OpenAI-compatible endpoint (OpenAI itself, or a local model server
 * such as Ollama, llama.cpp or vLLM), through the official openai-java client. The demo uses it
 * when {@code OPENAI_BASE_URL} or {@code OPENAI_API_KEY} is set.
 */
public final class OpenAiModel implements LlmClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> ARGUMENTS = new TypeReference<>() {};

  private final OpenAIClient client;

  public OpenAiModel(OpenAIClient client) {
    this.client = client;
  }

  @Override
  public ChatResponse complete(ChatRequest request) {
    ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model(request.model());
    for (Message m : request.messages()) {
      switch (m.role()) {
        case SYSTEM:
          params.addSystemMessage(m.content());
          break;
        case USER:
          params.addUserMessage(m.content());
          break;
        case ASSISTANT:
          params.addMessage(assistant(m));
          break;
        case TOOL:
        default:
          params.addMessage(
              ChatCompletionToolMessageParam.builder().toolCallId(m.toolCallId()).content(m.content()).build());
          break;
      }
    }
    params.addTool(tool("list_files", "List the files under a folder of the project.", "path", false));
    params.addTool(tool("read_file", "Read one text file of the project.", "path", true));
    params.addTool(tool("write_file", "Write a text file of the project.", "path", true, "content"));
    ChatCompletion completion = client.chat().completions().create(params.build());
    ChatCompletionMessage message = completion.choices().get(0).message();
    List<ToolCall> calls = new ArrayList<>();
    for (ChatCompletionMessageToolCall call : message.toolCalls().orElse(List.of())) {
      if (call.isFunction()) {
        ChatCompletionMessageFunctionToolCall fn = call.asFunction();
        calls.add(new ToolCall(fn.id(), fn.function().name(), arguments(fn.function().arguments())));
      }
    }
    Usage usage =
        completion
            .usage()
            .map(u -> new Usage(u.promptTokens(), u.completionTokens()))
            .orElse(new Usage(0, 0));
    return new ChatResponse(completion.model(), message.content().orElse(""), calls, usage);
  }

  private static ChatCompletionAssistantMessageParam assistant(Message m) {
    ChatCompletionAssistantMessageParam.Builder b = ChatCompletionAssistantMessageParam.builder().content(m.content());
    for (ToolCall call : m.toolCalls()) {
      String arguments;
      try {
        arguments = JSON.writeValueAsString(call.arguments());
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write the arguments of " + call.name() + " as JSON", e);
      }
      b.addToolCall(
          ChatCompletionMessageFunctionToolCall.builder()
              .id(call.id())
              .function(
                  ChatCompletionMessageFunctionToolCall.Function.builder()
                      .name(call.name())
                      .arguments(arguments)
                      .build())
              .build());
    }
    return b.build();
  }

  /** A function tool whose parameters are all strings; {@code first} is required when {@code required}, the others always. */
  private static ChatCompletionFunctionTool tool(String name, String description, String first, boolean required,
      String... more) {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> requiredNames = new ArrayList<>();
    properties.put(first, Map.of("type", "string"));
    if (required) {
      requiredNames.add(first);
    }
    for (String p : more) {
      properties.put(p, Map.of("type", "string"));
      requiredNames.add(p);
    }
    FunctionParameters parameters =
        FunctionParameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(properties))
            .putAdditionalProperty("required", JsonValue.from(requiredNames))
            .build();
    return ChatCompletionFunctionTool.builder()
        .function(FunctionDefinition.builder().name(name).description(description).parameters(parameters).build())
        .build();
  }

  /** The model's JSON arguments as strings; a model that sends invalid JSON gets no arguments. */
  static Map<String, String> arguments(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    if (json == null || json.isBlank()) {
      return out;
    }
    try {
      for (Map.Entry<String, Object> e : JSON.readValue(json, ARGUMENTS).entrySet()) {
        out.put(e.getKey(), e.getValue() == null ? "" : String.valueOf(e.getValue()));
      }
    } catch (JsonProcessingException e) {
      // the tool then reports the missing argument back to the model, which can try again
    }
    return out;
  }
}
