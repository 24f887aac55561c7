package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tables align by the columns text takes on a terminal, not by its length in chars. */
class RenderingTest {

  @Test
  void displayWidth_countsWideAndFullwidthAsTwoAndCombiningMarksAsNone() {
    assertThat(DisplayWidth.of("district")).isEqualTo(8);
    assertThat(DisplayWidth.of("金水区")).isEqualTo(6);
    assertThat(DisplayWidth.of("ＡＢ")).isEqualTo(4);
    assertThat(DisplayWidth.of("한국")).isEqualTo(4);
    assertThat(DisplayWidth.of("e\u0301")).isEqualTo(1);
    assertThat(DisplayWidth.of("\uD840\uDC0B")).isEqualTo(2);
  }

  @Test
  void table_withChineseAndAsciiRows_alignsColumnStartsByDisplayWidth() {
    StringWriter text = new StringWriter();
    Rendering.printTable(
        new PrintWriter(text),
        OutputFormat.TABLE,
        List.of("district", "residents", "note"),
        List.of(
            List.of("金水区", "1200", "中原"),
            List.of("Zhongyuan", "980", "x"),
            List.of("二七区", "75", "ok")));

    List<String> lines = text.toString().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines)
        .extracting(line -> columnStarts(line))
        .containsOnly(columnStarts(lines.get(0)));
    assertThat(columnStarts(lines.get(0))).containsExactly(0, 11, 22);
  }

  /** The display columns where each space-separated value starts. */
  private static List<Integer> columnStarts(String line) {
    List<Integer> starts = new ArrayList<>();
    int column = 0;
    boolean inValue = false;
    for (int codePoint : line.codePoints().toArray()) {
      boolean space = codePoint == ' ';
      if (!space && !inValue) {
        starts.add(column);
      }
      inValue = !space;
      column += DisplayWidth.ofCodePoint(codePoint);
    }
    return starts;
  }
}
