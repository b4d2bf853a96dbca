package com.acme.springai;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/** The one tool the model asks for. */
public class WeatherTools {

  @Tool(name = "get_weather", description = "Current weather in a city")
  public String weather(@ToolParam(description = "the city") String city) {
    return "weather in " + city + ": sunny, 21 degrees";
  }
}
