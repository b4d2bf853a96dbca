package com.acme.langchain4j;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;

/** Two tools the model asks for in one turn. */
public final class WeatherTools {

  @Tool("Current weather in a city")
  public String getWeather(@P(name = "city", value = "the city") String city) {
    return "sunny in " + city;
  }

  @Tool("Local time in a city")
  public String getTime(@P(name = "city", value = "the city") String city) {
    return "noon in " + city;
  }
}
