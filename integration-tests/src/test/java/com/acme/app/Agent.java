package com.acme.app;

import com.acme.app.llm.LlmClient;
import com.acme.app.llm.Request;
import com.acme.app.llm.Response;
import com.acme.app.tools.FailingTool;
import com.acme.app.tools.ReadTool;
import com.acme.app.tools.SearchTools;
import com.acme.app.tools.ToolCall;

/** The task loop of the sample app. */
public final class Agent {
  private final LlmClient llm;
  private final ReadTool read;
  private final SearchTools search;
  private final FailingTool failing;
  private final Planner planner = new Planner();

  public Agent(LlmClient llm, ReadTool read, SearchTools search, FailingTool failing) {
    this.llm = llm;
    this.read = read;
    this.search = search;
    this.failing = failing;
  }

  public String handle(String task) {
    Response first = llm.complete(new Request(task, 1));
    read.execute(new ToolCall("read", "call-1", "README.md"));
    search.search("how to " + task);
    try {
      failing.execute(new ToolCall("fail", "call-2", "x"));
    } catch (IllegalStateException expected) {
      // the model is told the tool failed
    }
    planner.plan(3);
    Response second = llm.complete(new Request(task + " " + first.text(), 2));
    return second.text();
  }
}
