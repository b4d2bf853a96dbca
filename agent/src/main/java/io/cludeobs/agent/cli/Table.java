package io.cludeobs.agent.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table printed with aligned columns (text left, numbers right) or as JSON objects; a cell holds its JSON value
 * and its text, so both outputs show the same data.
 */
final class Table {

  private final String[] headers;
  private final List<Object[]> values = new ArrayList<>();
  private final List<String[]> texts = new ArrayList<>();

  Table(String... headers) {
    this.headers = headers;
  }

  /** Adds a row of alternating JSON value and text: {@code value0, text0, value1, text1, ...}. */
  void row(Object... valueAndText) {
    Object[] v = new Object[headers.length];
    String[] t = new String[headers.length];
    for (int i = 0; i < headers.length; i++) {
      v[i] = valueAndText[2 * i];
      t[i] = (String) valueAndText[2 * i + 1];
    }
    values.add(v);
    texts.add(t);
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  void print(PrintWriter out) {
    int[] width = new int[headers.length];
    boolean[] right = new boolean[headers.length];
    for (int c = 0; c < headers.length; c++) {
      width[c] = headers[c].length();
      right[c] = c > 0;
      for (int r = 0; r < texts.size(); r++) {
        width[c] = Math.max(width[c], texts.get(r)[c].length());
        if (values.get(r)[c] instanceof String) {
          right[c] = false;
        }
      }
    }
    out.println(line(headers, width, right));
    for (String[] row : texts) {
      out.println(line(row, width, right));
    }
  }

  private static String line(String[] cells, int[] width, boolean[] right) {
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        b.append("  ");
      }
      String pad = repeat(width[c] - cells[c].length());
      b.append(right[c] ? pad + cells[c] : c == cells.length - 1 ? cells[c] : cells[c] + pad);
    }
    return b.toString();
  }

  private static String repeat(int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(' ');
    }
    return b.toString();
  }

  /** One object per row, keyed by the headers in snake case; a null value stays null. */
  ArrayNode json() {
    ArrayNode rows = JsonNodeFactory.instance.arrayNode();
    for (Object[] row : values) {
      ObjectNode o = rows.addObject();
      for (int c = 0; c < headers.length; c++) {
        String key = headers[c].toLowerCase(Locale.ROOT).replace('%', ' ').trim().replace(' ', '_');
        Object v = row[c];
        if (v == null) {
          o.putNull(key);
        } else if (v instanceof Long || v instanceof Integer) {
          o.put(key, ((Number) v).longValue());
        } else if (v instanceof Number) {
          o.put(key, ((Number) v).doubleValue());
        } else {
          o.put(key, v.toString());
        }
      }
    }
    return rows;
  }
}
