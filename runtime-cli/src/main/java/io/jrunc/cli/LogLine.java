package io.jrunc.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** One line of the {@code --log} file in runc's (logrus's) text or json form. */
final class LogLine {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX").withZone(ZoneOffset.UTC);

  private LogLine() {
  }

  /** The line, newline included. */
  static String format(boolean json, String level, String message, Instant time) {
    String t = TIME.format(time);
    if (json) {
      return "{\"level\":" + quote(level) + ",\"msg\":" + quote(message) + ",\"time\":" + quote(t) + "}\n";
    }
    return "time=" + quote(t) + " level=" + level + " msg=" + quote(message) + "\n";
  }

  /** A JSON string literal (also logrus's quoting of text values, for what matters here). */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
