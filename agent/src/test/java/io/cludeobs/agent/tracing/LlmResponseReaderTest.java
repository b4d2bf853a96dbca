package io.cludeobs.agent.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LlmResponseReaderTest {

  public static final class OpenAiStyle {
    public Optional<Object> usage() {
      return Optional.of(new OpenAiUsage());
    }

    public String model() {
      return "gpt-x";
    }
  }

  public static final class OpenAiUsage {
    public long promptTokens() {
      return 100;
    }

    public long completionTokens() {
      return 20;
    }
  }

  public static final class LangChainStyle {
    public LangChainUsage tokenUsage() {
      return new LangChainUsage();
    }

    public String modelName() {
      return "lc-model";
    }
  }

  public static final class LangChainUsage {
    public Integer inputTokenCount() {
      return 7;
    }

    public Integer outputTokenCount() {
      return 3;
    }
  }

  public static final class BeanStyle {
    public BeanUsage getUsage() {
      return new BeanUsage();
    }
  }

  public static final class BeanUsage {
    public OptionalLong getInputTokens() {
      return OptionalLong.of(9);
    }

    public OptionalLong getOutputTokens() {
      return OptionalLong.empty();
    }
  }

  public static final class Client {
    public String getModelName() {
      return "configured";
    }
  }

  enum ModelEnum {
    CLAUDE
  }

  public static final class EnumClient {
    public ModelEnum model() {
      return ModelEnum.CLAUDE;
    }
  }

  @Test
  void readsTheCommonAccessorShapes() {
    Object usage = LlmResponseReader.usage(new OpenAiStyle());
    assertThat(LlmResponseReader.inputTokens(usage)).isEqualTo(100);
    assertThat(LlmResponseReader.outputTokens(usage)).isEqualTo(20);
    assertThat(LlmResponseReader.responseModel(new OpenAiStyle())).isEqualTo("gpt-x");

    Object lc = LlmResponseReader.usage(new LangChainStyle());
    assertThat(LlmResponseReader.inputTokens(lc)).isEqualTo(7);
    assertThat(LlmResponseReader.outputTokens(lc)).isEqualTo(3);
    assertThat(LlmResponseReader.responseModel(new LangChainStyle())).isEqualTo("lc-model");

    Object bean = LlmResponseReader.usage(new BeanStyle());
    assertThat(LlmResponseReader.inputTokens(bean)).isEqualTo(9);
    assertThat(LlmResponseReader.outputTokens(bean)).isEqualTo(-1);

    assertThat(LlmResponseReader.requestModel(new Client())).isEqualTo("configured");
    assertThat(LlmResponseReader.requestModel(new EnumClient())).isEqualTo("CLAUDE");
  }

  @Test
  void objectsWithoutSuchAccessorsGiveNothing() {
    assertThat(LlmResponseReader.usage("a string")).isNull();
    assertThat(LlmResponseReader.inputTokens(null)).isEqualTo(-1);
    assertThat(LlmResponseReader.responseModel(new Object())).isNull();
    assertThat(LlmResponseReader.requestModel(null)).isNull();
  }
}
