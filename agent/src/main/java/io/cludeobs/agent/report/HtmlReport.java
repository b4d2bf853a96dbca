package io.cludeobs.agent.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Puts a report's data document, the stylesheet and the drawing script into one HTML page that needs nothing else:
 * no network, no other file.
 */
public final class HtmlReport {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private HtmlReport() {}

  /** The page for {@code data} (see {@link ReportJson}). */
  public static String render(ObjectNode data) {
    String json;
    try {
      json = MAPPER.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report's data", e);
    }
    StringBuilder html = new StringBuilder(json.length() + 64 * 1024);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>clude-obs report</title>\n<style>\n")
        .append(resource("report.css"))
        .append("</style>\n")
        // Installed before the drawing script so that the self-test sees every error it throws.
        .append("<script>window.__reportErrors=[];window.onerror=function(m,s,l,c){")
        .append("window.__reportErrors.push(String(m)+' at '+l+':'+c);};</script>\n")
        .append("</head>\n<body>\n<main id=\"report\"></main>\n")
        .append("<pre id=\"selftest\" hidden></pre>\n")
        .append("<script type=\"application/json\" id=\"report-data\">")
        .append(scriptSafe(json))
        .append("</script>\n<script>\n")
        .append(resource("report.js"))
        .append("</script>\n</body>\n</html>\n");
    return html.toString();
  }

  /**
   * JSON that cannot end its script element: {@code <}, {@code >} and {@code &} only occur inside JSON strings,
   * where their escapes mean the same; U+2028/2029 are escaped for older script parsers.
   */
  static String scriptSafe(String json) {
    StringBuilder b = new StringBuilder(json.length());
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<':
          b.append("\\u003c");
          break;
        case '>':
          b.append("\\u003e");
          break;
        case '&':
          b.append("\\u0026");
          break;
        case '\u2028':
          b.append("\\u2028");
          break;
        case '\u2029':
          b.append("\\u2029");
          break;
        default:
          b.append(c);
      }
    }
    return b.toString();
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the agent jar lacks io/cludeobs/agent/report/" + name + "; rebuild it");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
      return new String(out.toByteArray(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
