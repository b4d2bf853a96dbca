package com.acme.springai;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** A non-web Spring Boot app whose OpenAI chat model talks to the server given as the first argument. */
@SpringBootApplication
public class SpringAiApp {

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(SpringAiApp.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    String[] properties = {
      "--spring.main.banner-mode=off",
      "--logging.level.root=WARN",
      "--spring.ai.openai.base-url=" + args[0],
      "--spring.ai.openai.api-key=sk-test-not-a-real-key-0000",
      "--spring.ai.openai.chat.options.model=gpt-4o-mini",
      "--spring.ai.openai.chat.options.temperature=0.2",
      "--spring.ai.openai.chat.options.top-p=0.9",
      "--spring.ai.openai.chat.options.max-tokens=256",
      "--spring.ai.retry.max-attempts=1"
    };
    try (ConfigurableApplicationContext context = app.run(properties)) {
      String answer =
          new SpringAiAgent(context.getBean(ChatClient.Builder.class).build(), context.getBean(ChatModel.class)).run();
      System.out.println("spring-ai-agent answered: " + answer);
    }
    // openai-java's OkHttp dispatcher and stream-handler threads are not daemons and idle for 60 s
    // before they end; Spring AI 2.0 does not close its client, so the app exits explicitly
    System.exit(0);
  }
}
