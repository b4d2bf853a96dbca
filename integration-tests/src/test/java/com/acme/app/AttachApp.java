package com.acme.app;

import com.acme.app.llm.ScriptedLlm;
import com.acme.app.tools.FailingTool;
import com.acme.app.tools.ReadTool;
import com.acme.app.tools.SearchTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Runs one task with no agent, says "ready", waits until the file named by its argument exists (the
 * test attaches the agent meanwhile), then runs one more task. The classes are loaded before the
 * agent arrives, so the second task's spans prove retransformation.
 */
public final class AttachApp {

  private AttachApp() {}

  public static void main(String[] args) throws Exception {
    Path go = Paths.get(args[0]);
    Agent agent = new Agent(new ScriptedLlm("acme-model-1"), new ReadTool(), new SearchTools(), new FailingTool());
    agent.handle("before-attach");
    System.out.println("ready");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(go) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    agent.handle("after-attach");
    System.out.println("attach-app done");
  }
}
