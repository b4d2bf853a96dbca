package com.example.codingagent;

import com.example.codingagent.llm.LlmClient;
import com.example.codingagent.llm.OpenAiModels;
import com.example.codingagent.llm.ScriptedModel;
import com.example.codingagent.tools.AgentTool;
import com.example.codingagent.tools.ListFilesTool;
import com.example.codingagent.tools.ReadFileTool;
import com.example.codingagent.tools.WriteFileTool;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the demo: creates a throw-away Java project, lets the coding agent summarise it and count
 * its TODOs with a scripted local model, prints one line per task, and deletes the project.
 */
public final class CodingAgentApp {
  static final List<Task> TASKS =
      List.of(
          new Task("summarise", "Summarise the project into NOTES.md"),
          new Task("count-todos", "Count the TODOs"));

  private static final String USAGE =
      "usage: java -jar coding-agent.jar [--tasks N] [--scripted]  (N: how many times to run the task"
          + " list, default 1; a real model behind OPENAI_BASE_URL / OPENAI_API_KEY (model: OPENAI_MODEL,"
          + " default " + OpenAiModels.DEFAULT_MODEL + ") is used when either is set, unless --scripted)";

  private CodingAgentApp() {}

  public static void main(String[] args) throws IOException {
    int repeats;
    try {
      repeats = parseRepeats(args);
    } catch (IllegalArgumentException e) {
      System.err.println("coding-agent: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (repeats == 0) {
      System.out.println(USAGE);
      return;
    }
    Model model = Model.choose(List.of(args).contains("--scripted"), System.getenv());
    System.out.println("model: " + model.description);
    Path workspace = Files.createTempDirectory("coding-agent-");
    try {
      SampleProject.writeTo(workspace);
      run(workspace, repeats, model.client, model.name, System.out);
    } finally {
      deleteRecursively(workspace);
    }
  }

  /** Runs the task list {@code repeats} times with the scripted model, printing a line per task. */
  static List<TaskResult> run(Path workspace, int repeats, PrintStream out) {
    return run(workspace, repeats, new ScriptedModel(), ScriptedModel.DEFAULT_MODEL, out);
  }

  /** Runs the task list {@code repeats} times in {@code workspace}, printing a line per task. */
  static List<TaskResult> run(Path workspace, int repeats, LlmClient llm, String modelName, PrintStream out) {
    List<AgentTool> tools =
        List.of(
            new ListFilesTool(workspace),
            new ReadFileTool(workspace),
            new WriteFileTool(workspace));
    CodingAgent agent = new CodingAgent(llm, modelName, tools);
    List<TaskResult> results = new ArrayList<>();
    int total = repeats * TASKS.size();
    for (int round = 0; round < repeats; round++) {
      for (Task task : TASKS) {
        TaskResult result = agent.handle(task);
        results.add(result);
        out.println("[" + results.size() + "/" + total + "] " + result);
      }
    }
    return results;
  }

  /** The --tasks value, 1 if absent, or 0 when help was asked for. */
  static int parseRepeats(String[] args) {
    int repeats = 1;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value;
      if (arg.equals("-h") || arg.equals("--help")) {
        return 0;
      } else if (arg.equals("--scripted")) {
        continue;
      } else if (arg.equals("--tasks")) {
        if (i + 1 == args.length) {
          throw new IllegalArgumentException(
              "--tasks needs a value; pass a positive whole number, e.g. --tasks 3");
        }
        value = args[++i];
      } else if (arg.startsWith("--tasks=")) {
        value = arg.substring("--tasks=".length());
      } else {
        throw new IllegalArgumentException(
            "unknown argument '" + arg + "'; the options are --tasks N (e.g. --tasks 3) and --scripted");
      }
      repeats = parsePositive(value);
    }
    return repeats;
  }

  private static int parsePositive(String value) {
    int parsed;
    try {
      parsed = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      parsed = -1;
    }
    if (parsed < 1) {
      throw new IllegalArgumentException(
          "--tasks must be a positive whole number, got '" + value + "'; pass e.g. --tasks 3");
    }
    return parsed;
  }

  /** The model the demo talks to: the scripted local one, or a real one behind an OpenAI-compatible API. */
  static final class Model {
    final LlmClient client;
    final String name;
    final String description;

    private Model(LlmClient client, String name, String description) {
      this.client = client;
      this.name = name;
      this.description = description;
    }

    static Model choose(boolean scripted, Map<String, String> env) {
      String baseUrl = env.get("OPENAI_BASE_URL");
      String key = env.get("OPENAI_API_KEY");
      if (scripted || (isBlank(baseUrl) && isBlank(key))) {
        return new Model(
            new ScriptedModel(),
            ScriptedModel.DEFAULT_MODEL,
            ScriptedModel.DEFAULT_MODEL + " (scripted, in-process; set OPENAI_BASE_URL and/or OPENAI_API_KEY for a"
                + " real model)");
      }
      String name = isBlank(env.get("OPENAI_MODEL")) ? OpenAiModels.DEFAULT_MODEL : env.get("OPENAI_MODEL");
      String url = isBlank(baseUrl) ? "https://api.openai.com/v1" : baseUrl;
      return new Model(OpenAiModels.create(url, key), name, name + " at " + url);
    }

    private static boolean isBlank(String s) {
      return s == null || s.isBlank();
    }
  }

  static void deleteRecursively(Path root) throws IOException {
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.forEach(paths::add);
    }
    // Children before parents, so each directory is empty when its turn comes.
    paths.sort(Comparator.reverseOrder());
    for (Path path : paths) {
      Files.delete(path);
    }
  }
}
