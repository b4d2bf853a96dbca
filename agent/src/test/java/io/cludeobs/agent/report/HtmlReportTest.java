package io.cludeobs.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cludeobs.agent.store.StoredSpan;
import io.cludeobs.agent.store.StoredTrace;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

  private static final String HOSTILE = "</script><script>alert(1)</script>&amp;\u2028";

  private static String page() {
    StoredSpan span =
        new StoredSpan(
            "cccccccccccccccccccccccccccccccc", "c0", null, HOSTILE, SpanKind.INTERNAL, 1_000_000_000L, 2_000_000_000L,
            StatusCode.UNSET, "", Collections.<String, Object>emptyMap(), "app");
    ObjectNode data =
        ReportJson.builder()
            .range(Paths.get("/data"), Instant.ofEpochSecond(0), Instant.ofEpochSecond(10))
            .traces(StoredTrace.group(Collections.singletonList(span)))
            .build();
    return HtmlReport.render(data);
  }

  @Test
  void dataCannotCloseItsScriptElementAndReadsBackUnchanged() throws Exception {
    String html = page();
    assertThat(html).doesNotContain("alert(1)</script>").doesNotContain("\u2028");
    Matcher m = Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
    assertThat(m.find()).isTrue();
    String name = new ObjectMapper().readTree(m.group(1)).get("waterfalls").get(0).get("spans").get(0).get("name").asText();
    assertThat(name).isEqualTo(HOSTILE);
  }

  @Test
  void needsNothingFromOutsideThePage() {
    String html = page();
    assertThat(html).doesNotContainPattern("(?i)<script[^>]+src=").doesNotContainPattern("(?i)<link").doesNotContain("@import");
    // The only address is the SVG namespace, a name that is never fetched.
    Matcher urls = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}[^\\s'\"]*").matcher(html);
    while (urls.find()) {
      assertThat(urls.group()).isEqualTo("http://www.w3.org/2000/svg");
    }
    assertThat(html).contains("<pre id=\"selftest\" hidden></pre>").contains("window.onerror=");
  }

  @Test
  void scriptSafeEscapesOnlyWhatCouldEndTheScript() {
    assertThat(HtmlReport.scriptSafe("{\"a\":\"</b>&\u2029\"}")).isEqualTo("{\"a\":\"\\u003c/b\\u003e\\u0026\\u2029\"}");
  }
}
