package com.acme.app;

import com.acme.app.llm.ScriptedLlm;
import com.acme.app.tools.FailingTool;
import com.acme.app.tools.ReadTool;
import com.acme.app.tools.SearchTools;

/**
 * A small agent app the integration tests run under the agent: per task two LLM calls, three
 * tools (one fails), a recursive planner and a cache lookup. Knows nothing of clude-obs.
 */
public final class SampleApp {

  private SampleApp() {}

  /** Arguments: number of tasks (default 1), then an exit code to end with (default 0). */
  public static void main(String[] args) {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    int exitCode = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    Agent agent = new Agent(new ScriptedLlm("acme-model-1"), new ReadTool(), new SearchTools(), new FailingTool());
    int answered = 0;
    for (int i = 0; i < tasks; i++) {
      if (agent.handle("task-" + i) != null) {
        answered++;
      }
    }
    System.out.println("sample-app answered " + answered + " of " + tasks);
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }
}
