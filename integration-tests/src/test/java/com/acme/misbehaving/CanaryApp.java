package com.acme.misbehaving;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An agent app whose prompt, completion, tool arguments and file contents each carry a canary string, so a test
 * can scan everything the agent exports for them. Args: {@code <work dir> [<milliseconds to stay up>]}.
 */
public final class CanaryApp {
  public static final String PROMPT = "CANARY-PROMPT-5b1f";
  public static final String COMPLETION = "CANARY-COMPLETION-77ad";
  public static final String TOOL_ARGUMENT = "CANARY-TOOLARG-c3e9";
  public static final String FILE_CONTENT = "CANARY-FILE-0d42";
  public static final String TOOL_RESULT = "CANARY-TOOLRESULT-91aa";

  private CanaryApp() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    String answer = new Assistant(work).handle(PROMPT);
    System.out.println("canary-app answered " + answer.length() + " chars");
    System.out.println("ready");
    if (args.length > 1) {
      Thread.sleep(Long.parseLong(args[1]));
    }
  }

  /** The task: one model call, one tool call that writes and reads a file, a second model call. */
  public static final class Assistant {
    private final ChatModel model = new ChatModel();
    private final FileTool tool;

    Assistant(Path work) {
      this.tool = new FileTool(work);
    }

    public String handle(String prompt) throws IOException {
      Reply first = model.chat(new Prompt(prompt + " " + TOOL_ARGUMENT));
      String result = tool.execute(new FileRequest("notes.txt", first.text() + " " + FILE_CONTENT));
      return model.chat(new Prompt(result)).text();
    }
  }

  /** A model client whose replies carry the completion canary. */
  public static final class ChatModel {
    public String getModel() {
      return "canary-model";
    }

    public Reply chat(Prompt prompt) {
      return new Reply(COMPLETION + " for " + prompt.content().length() + " chars");
    }
  }

  /** The prompt sent to the model. */
  public static final class Prompt {
    private final String content;

    Prompt(String content) {
      this.content = content;
    }

    public String content() {
      return content;
    }

    @Override
    public String toString() {
      return content;
    }
  }

  /** The model's answer. */
  public static final class Reply {
    private final String text;

    Reply(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }

    public String model() {
      return "canary-model-2025";
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** A tool request shaped like the ones LLM frameworks pass: a name, an id and JSON-ish arguments. */
  public static final class FileRequest {
    private final String file;
    private final String content;

    FileRequest(String file, String content) {
      this.file = file;
      this.content = content;
    }

    public String name() {
      return "write_and_read";
    }

    public String id() {
      return "call-1";
    }

    public String arguments() {
      return "{\"file\":\"" + file + "\",\"content\":\"" + content + "\"}";
    }

    @Override
    public String toString() {
      return arguments();
    }
  }

  /** Writes the request's content to a file and reads it back. */
  public static final class FileTool {
    private final Path work;

    FileTool(Path work) {
      this.work = work;
    }

    public String execute(FileRequest request) throws IOException {
      Path file = work.resolve(request.file);
      Files.write(file, request.content.getBytes(StandardCharsets.UTF_8));
      String read = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      return read + " " + TOOL_RESULT;
    }
  }
}
