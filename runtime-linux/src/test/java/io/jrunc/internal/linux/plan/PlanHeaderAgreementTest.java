package io.jrunc.internal.linux.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** plan.h (what the helper reads) and the Java side (what writes it) say the same things. */
class PlanHeaderAgreementTest {
  static String header() throws IOException {
    Path h = Path.of(System.getProperty("basedir", "."), "src/main/c/plan.h");
    return Files.readString(h);
  }

  static long define(String header, String name) {
    Matcher m = Pattern.compile("#define " + name + "\\s+(0x[0-9a-fA-F]+|\\d+)").matcher(header);
    assertThat(m.find()).as("plan.h defines %s", name).isTrue();
    String v = m.group(1);
    return v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
  }

  @Test
  void everyOpHasTheSameNumberNameAndSignature() throws IOException {
    Matcher m = Pattern.compile("X\\((\\d+),\\s*(\\w+),\\s*\"([a-z]*)\"\\)").matcher(header());
    Map<String, String> inC = new LinkedHashMap<>();
    while (m.find()) {
      inC.put(m.group(2), m.group(1) + " " + m.group(3));
    }
    Map<String, String> inJava = new LinkedHashMap<>();
    for (PlanOp op : PlanOp.values()) {
      inJava.put(op.name(), op.code() + " " + op.signature());
    }
    assertThat(inC).hasSizeGreaterThan(30).isEqualTo(inJava);
  }

  @Test
  void headerConstantsAgree() throws IOException {
    String h = header();
    assertThat(define(h, "JR_PLAN_MAGIC")).isEqualTo(Integer.toUnsignedLong(PlanEncoder.MAGIC));
    assertThat(define(h, "JR_PLAN_VERSION")).isEqualTo(Plan.VERSION);
    assertThat(define(h, "JR_PLAN_HEADER_SIZE")).isEqualTo(PlanEncoder.HEADER_SIZE);
    assertThat(define(h, "JR_STEP_HEADER_SIZE")).isEqualTo(PlanEncoder.STEP_HEADER_SIZE);
    assertThat(define(h, "JR_NULL_LEN")).isEqualTo(0xffffffffL);
    assertThat(define(h, "JR_RECORD_SIZE")).isEqualTo(12);
    assertThat(define(h, "JR_MKDIR_DIR")).isEqualTo(0);
    assertThat(define(h, "JR_MKDIR_FILE")).isEqualTo(1);
    assertThat(define(h, "JR_PATH_INSIDE")).isEqualTo(PlanBuilder.CHECK_INSIDE);
    assertThat(define(h, "JR_PATH_NOT_SAME")).isEqualTo(PlanBuilder.CHECK_NOT_SAME);
    assertThat(define(h, "JR_PATH_OUTSIDE")).isEqualTo(PlanBuilder.CHECK_OUTSIDE);
  }
}
