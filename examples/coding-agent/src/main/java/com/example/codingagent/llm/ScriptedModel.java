package com.example.codingagent.llm;

import com.example.codingagent.tools.ToolCall;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic local stand-in for a chat model: it reads the conversation and follows a fixed
 * script per task, so the demo needs no network and every run makes the same calls.
 *
 * <p>Scripts: a prompt mentioning TODOs lists the files, reads the Java sources and answers with
 * the count; a prompt mentioning NOTES.md (or a summary) first guesses at a README.md that does not
 * exist, then lists, reads the Java sources, writes NOTES.md and answers. Token usage is estimated
 * as one token per four characters, and each call sleeps a few milliseconds that grow with the
 * prompt, so durations look like a real model's.
 */
public final class ScriptedModel implements LlmClient {
  /** The model name the demo app asks for. */
  public static final String DEFAULT_MODEL = "scripted-coder-1";

  private static final long DEFAULT_BASE_LATENCY_MILLIS = 5;
  // Added latency per prompt token, as real models get slower with longer prompts.
  private static final long INPUT_TOKENS_PER_EXTRA_MILLI = 100;
  private static final String LIST = "list_files";
  private static final String READ = "read_file";
  private static final String WRITE = "write_file";
  private static final String NOTES_FILE = "NOTES.md";
  private static final Pattern ONE_LINE_JAVADOC = Pattern.compile("/\\*\\*\\s*(.*?)\\s*\\*/");

  private final long baseLatencyMillis;

  /** A model with the default latency of a few milliseconds per call. */
  public ScriptedModel() {
    this(DEFAULT_BASE_LATENCY_MILLIS);
  }

  /** A model whose calls take {@code baseLatencyMillis} plus a little per prompt token. */
  public ScriptedModel(long baseLatencyMillis) {
    if (baseLatencyMillis < 0) {
      throw new IllegalArgumentException(
          "baseLatencyMillis must not be negative, got " + baseLatencyMillis);
    }
    this.baseLatencyMillis = baseLatencyMillis;
  }

  @Override
  public ChatResponse complete(ChatRequest request) {
    Conversation conversation = new Conversation(request.messages());
    Turn turn = nextTurn(conversation);

    int inputChars = 0;
    for (Message message : request.messages()) {
      inputChars += chars(message.content(), message.toolCalls());
    }
    Usage usage =
        new Usage(estimateTokens(inputChars), estimateTokens(chars(turn.content, turn.toolCalls)));
    simulateLatency(baseLatencyMillis + usage.inputTokens() / INPUT_TOKENS_PER_EXTRA_MILLI);
    return new ChatResponse(request.model(), turn.content, turn.toolCalls, usage);
  }

  /** One token per four characters, rounded up: close enough to real tokenizers for English. */
  static long estimateTokens(int chars) {
    return (chars + 3) / 4;
  }

  static int chars(String content, List<ToolCall> toolCalls) {
    int chars = content.length();
    for (ToolCall call : toolCalls) {
      chars += call.name().length();
      for (Map.Entry<String, String> argument : call.arguments().entrySet()) {
        chars += argument.getKey().length() + argument.getValue().length();
      }
    }
    return chars;
  }

  private static void simulateLatency(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("scripted model call interrupted", e);
    }
  }

  private static Turn nextTurn(Conversation conversation) {
    String prompt = conversation.prompt.toLowerCase(Locale.ROOT);
    if (prompt.contains("todo")) {
      return countTodos(conversation);
    }
    if (prompt.contains("notes.md") || prompt.contains("summar")) {
      return summarise(conversation);
    }
    return Turn.answer("I can summarise this project into NOTES.md or count its TODOs.");
  }

  private static Turn countTodos(Conversation conversation) {
    String listing = conversation.lastSuccess(LIST);
    if (listing == null) {
      return conversation.call(LIST, "path", ".");
    }
    List<String> sources = javaSources(listing);
    Turn reads = readMissing(conversation, sources);
    if (reads != null) {
      return reads;
    }
    int total = 0;
    List<String> perFile = new ArrayList<>();
    for (String source : sources) {
      int todos = countTodoLines(conversation.successfulReads.get(source));
      total += todos;
      perFile.add(source + " (" + todos + ")");
    }
    return Turn.answer(
        "Found "
            + total
            + " TODOs in "
            + sources.size()
            + " files"
            + (perFile.isEmpty() ? "." : ": " + String.join(", ", perFile) + "."));
  }

  private static Turn summarise(Conversation conversation) {
    // Like real models, the script first guesses at a README before looking around.
    if (!conversation.called(READ, "README.md")) {
      return conversation.call(READ, "path", "README.md");
    }
    String listing = conversation.lastSuccess(LIST);
    if (listing == null) {
      return conversation.call(LIST, "path", ".");
    }
    List<String> sources = javaSources(listing);
    Turn reads = readMissing(conversation, sources);
    if (reads != null) {
      return reads;
    }
    if (conversation.lastSuccess(WRITE) == null) {
      Map<String, String> arguments = new LinkedHashMap<>();
      arguments.put("path", NOTES_FILE);
      arguments.put("content", notes(sources, conversation.successfulReads));
      return conversation.call(WRITE, arguments);
    }
    return Turn.answer(
        "Wrote "
            + NOTES_FILE
            + " summarising "
            + sources.size()
            + " source files: "
            + String.join(", ", fileNames(sources))
            + ".");
  }

  /** Asks for every source not yet read, all in one turn; {@code null} once all are read. */
  private static Turn readMissing(Conversation conversation, List<String> sources) {
    List<ToolCall> calls = new ArrayList<>();
    for (String source : sources) {
      if (!conversation.successfulReads.containsKey(source)) {
        calls.add(
            conversation.newCall(READ, Collections.singletonMap("path", source), calls.size()));
      }
    }
    return calls.isEmpty() ? null : Turn.toolCalls(calls);
  }

  static String notes(List<String> sources, Map<String, String> contents) {
    StringBuilder notes = new StringBuilder("# Project notes\n\n");
    int todos = 0;
    for (String source : sources) {
      String content = contents.get(source);
      Matcher javadoc = ONE_LINE_JAVADOC.matcher(content);
      notes
          .append("- `")
          .append(source)
          .append("` (")
          .append(countLines(content))
          .append(" lines): ")
          .append(javadoc.find() ? javadoc.group(1) : "no description")
          .append('\n');
      todos += countTodoLines(content);
    }
    return notes.append("\nOpen TODOs: ").append(todos).append('\n').toString();
  }

  private static List<String> javaSources(String listing) {
    List<String> sources = new ArrayList<>();
    for (String line : listing.split("\n")) {
      if (line.endsWith(".java")) {
        sources.add(line);
      }
    }
    return sources;
  }

  private static List<String> fileNames(List<String> paths) {
    List<String> names = new ArrayList<>();
    for (String path : paths) {
      names.add(path.substring(path.lastIndexOf('/') + 1));
    }
    return names;
  }

  private static int countTodoLines(String content) {
    int count = 0;
    for (String line : content.split("\n")) {
      if (line.contains("TODO")) {
        count++;
      }
    }
    return count;
  }

  private static int countLines(String content) {
    int lines = 0;
    for (int i = 0; i < content.length(); i++) {
      if (content.charAt(i) == '\n') {
        lines++;
      }
    }
    return content.isEmpty() || content.endsWith("\n") ? lines : lines + 1;
  }

  /** The model's next turn, before usage is attached. */
  private static final class Turn {
    final String content;
    final List<ToolCall> toolCalls;

    private Turn(String content, List<ToolCall> toolCalls) {
      this.content = content;
      this.toolCalls = toolCalls;
    }

    static Turn answer(String content) {
      return new Turn(content, Collections.<ToolCall>emptyList());
    }

    static Turn toolCalls(List<ToolCall> calls) {
      return new Turn("", calls);
    }
  }

  /** What the script needs to know about the conversation: the task and each tool call's fate. */
  private static final class Conversation {
    final String prompt;
    final int callsSoFar;
    // Tool calls in the order they were made, each with its result message (null if none yet).
    final List<ToolCall> calls = new ArrayList<>();
    final Map<String, Message> resultsByCallId = new HashMap<>();
    final Map<String, String> successfulReads = new LinkedHashMap<>();

    Conversation(List<Message> messages) {
      String firstUserMessage = "";
      for (Message message : messages) {
        if (message.role() == Message.Role.USER && firstUserMessage.isEmpty()) {
          firstUserMessage = message.content();
        } else if (message.role() == Message.Role.ASSISTANT) {
          calls.addAll(message.toolCalls());
        } else if (message.role() == Message.Role.TOOL) {
          resultsByCallId.put(message.toolCallId(), message);
        }
      }
      this.prompt = firstUserMessage;
      this.callsSoFar = calls.size();
      for (ToolCall call : calls) {
        Message result = resultsByCallId.get(call.id());
        if (call.name().equals(READ) && result != null && !result.isError()) {
          successfulReads.put(call.arguments().get("path"), result.content());
        }
      }
    }

    boolean called(String tool, String path) {
      for (ToolCall call : calls) {
        if (call.name().equals(tool) && path.equals(call.arguments().get("path"))) {
          return true;
        }
      }
      return false;
    }

    /** The content of the latest successful call of {@code tool}, or {@code null}. */
    String lastSuccess(String tool) {
      for (int i = calls.size() - 1; i >= 0; i--) {
        ToolCall call = calls.get(i);
        Message result = resultsByCallId.get(call.id());
        if (call.name().equals(tool) && result != null && !result.isError()) {
          return result.content();
        }
      }
      return null;
    }

    Turn call(String tool, String key, String value) {
      return call(tool, Collections.singletonMap(key, value));
    }

    Turn call(String tool, Map<String, String> arguments) {
      return Turn.toolCalls(Collections.singletonList(newCall(tool, arguments, 0)));
    }

    /**
     * Call ids count up through the conversation, as providers' ids are unique per conversation.
     */
    ToolCall newCall(String tool, Map<String, String> arguments, int indexInTurn) {
      return new ToolCall("call_" + (callsSoFar + indexInTurn + 1), tool, arguments);
    }
  }
}
