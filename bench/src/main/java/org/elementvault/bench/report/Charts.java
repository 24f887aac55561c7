package org.elementvault.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Bar charts of the report, written as PNG with XChart. */
final class Charts {

  private static final int WIDTH = 900;
  private static final int HEIGHT = 500;

  private Charts() {}

  /**
   * Writes a bar chart to {@code file}: one group per category, one bar per series (a series maps
   * each category to its value; a missing one is drawn as zero).
   */
  static void bars(
      Path file,
      String title,
      String yTitle,
      List<String> categories,
      Map<String, Map<String, Double>> series,
      boolean logarithmic,
      boolean stacked)
      throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setYAxisLogarithmic(logarithmic);
    chart.getStyler().setStacked(stacked);
    chart.getStyler().setOverlapped(false);
    for (Map.Entry<String, Map<String, Double>> entry : series.entrySet()) {
      // A missing value draws no bar.
      List<@Nullable Double> values =
          categories.stream()
              .map(
                  c -> {
                    Double value = entry.getValue().get(c);
                    return value == null || value.isNaN() || value <= 0 ? null : value;
                  })
              .toList();
      // A logarithmic axis cannot draw a missing bar: such a series is left out whole.
      if (values.stream().allMatch(v -> v == null)
          || (logarithmic && values.stream().anyMatch(v -> v == null))) {
        continue;
      }
      var unused = chart.addSeries(entry.getKey(), categories, values);
    }
    if (chart.getSeriesMap().isEmpty()) {
      return;
    }
    if (logarithmic) {
      // Bars start at zero unless told otherwise, which a logarithmic axis cannot draw: start at
      // the power of ten below the smallest bar.
      double smallest =
          chart.getSeriesMap().values().stream()
              .flatMap(s -> s.getYData().stream())
              .filter(v -> v != null && v.doubleValue() > 0)
              .mapToDouble(Number::doubleValue)
              .min()
              .orElse(1);
      chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(smallest))));
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
