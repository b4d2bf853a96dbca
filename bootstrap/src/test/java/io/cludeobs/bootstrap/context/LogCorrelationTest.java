package io.cludeobs.bootstrap.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogCorrelationTest {

  private static final String[] IDS = {"0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "01"};

  @AfterEach
  void uninstall() {
    LogCorrelation.install(null);
  }

  private static void spanCurrent() {
    LogCorrelation.install(() -> IDS.clone());
  }

  @Test
  void withoutASpanTheMdcIsReturnedAsItIs() {
    Map<String, String> mdc = Collections.singletonMap("user", "ada");
    assertThat(LogCorrelation.logbackMdc(mdc)).isSameAs(mdc);
    assertThat(LogCorrelation.logbackMdc(null)).isNull();
  }

  @Test
  void withASpanTheIdsAreAddedToACopyAndTheAppsEntriesKept() {
    spanCurrent();
    Map<String, String> mdc = Collections.singletonMap("user", "ada");
    Map<String, String> result = LogCorrelation.logbackMdc(mdc);
    assertThat(result)
        .containsOnly(
            entry("user", "ada"),
            entry("trace_id", "0af7651916cd43dd8448eb211c80319c"),
            entry("span_id", "b7ad6b7169203331"),
            entry("trace_flags", "01"));
    assertThat(mdc).containsOnly(entry("user", "ada"));
    assertThat(LogCorrelation.logbackMdc(null)).hasSize(3).containsEntry("span_id", "b7ad6b7169203331");
  }

  @Test
  void aTraceIdTheAppSetItselfIsLeftAlone() {
    spanCurrent();
    Map<String, String> mdc = new HashMap<>();
    mdc.put("trace_id", "the-app's");
    assertThat(LogCorrelation.logbackMdc(mdc)).isSameAs(mdc).containsOnly(entry("trace_id", "the-app's"));
  }

  @Test
  void contextDataThatIsNotALog4jStringMapIsReturnedAsItIs() {
    spanCurrent();
    Object notAStringMap = new Object();
    assertThat(LogCorrelation.log4jContextData(notAStringMap)).isSameAs(notAStringMap);
    assertThat(LogCorrelation.log4jContextData(null)).isNull();
  }
}
