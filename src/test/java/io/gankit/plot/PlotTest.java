package io.gankit.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gankit.BadInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

class PlotTest {
    /** A history table as the trainer writes one: step, then the four series the charts draw. */
    static Table history(int steps) {
        long[] step = new long[steps];
        double[][] cols = new double[4][steps];
        for (int i = 0; i < steps; i++) {
            step[i] = i + 1;
            cols[0][i] = 1.4 - i / 1000.0;
            cols[1][i] = 0.7 + i / 2000.0;
            cols[2][i] = 0.8 - i / 1500.0;
            cols[3][i] = 0.2 + i / 1500.0;
        }
        return Table.create(
                "history",
                LongColumn.create("step", step),
                DoubleColumn.create("d_loss", cols[0]),
                DoubleColumn.create("g_loss", cols[1]),
                DoubleColumn.create("d_real", cols[2]),
                DoubleColumn.create("d_fake", cols[3]));
    }

    static Stream<Function<Table, XYChart>> charts() {
        return Stream.of(Charts::lossCurves, Charts::discriminatorOutputs);
    }

    @ParameterizedTest
    @MethodSource("charts")
    void everyChartRendersToAPngHeadless(Function<Table, XYChart> chart) throws IOException {
        byte[] png = Images.png(Images.of(chart.apply(history(300))));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(800, back.getWidth());
        assertEquals(420, back.getHeight());
        // and an empty history (the first moments of a live plot) renders too
        assertTrue(Images.png(Images.of(chart.apply(history(0)))).length > 0);
    }

    @Test
    void lossChartHasASmoothedSeriesPerLoss() {
        XYChart chart = Charts.lossCurves(history(300));
        assertTrue(chart.getSeriesMap().containsKey("d_loss"));
        assertTrue(chart.getSeriesMap().containsKey("g_loss"));
        assertTrue(Charts.discriminatorOutputs(history(300)).getSeriesMap().containsKey("1/2"));
    }

    @Test
    void barsHaveASeriesPerGroupWithItsErrorBars() {
        Map<String, double[]> means = new LinkedHashMap<>();
        Map<String, double[]> sds = new LinkedHashMap<>();
        means.put("real", new double[] {0.7, 0.9});
        sds.put("real", new double[] {0.02, 0.01});
        means.put("real + cGAN", new double[] {0.65, Double.NaN});
        sds.put("real + cGAN", new double[] {0.05, Double.NaN});
        CategoryChart chart = Charts.bars("t", "accuracy", List.of("100", "1000"), means, sds);
        assertEquals(
                List.of("real", "real + cGAN"), List.copyOf(chart.getSeriesMap().keySet()));
        CategorySeries real = chart.getSeriesMap().get("real");
        assertEquals(List.of(0.7, 0.9), List.copyOf(real.getYData()));
        assertEquals(List.of(0.02, 0.01), List.copyOf(real.getExtraValues()));
        // a cell without a value draws no bar rather than failing the chart
        assertEquals(
                List.of(0.65, 0.0),
                List.copyOf(chart.getSeriesMap().get("real + cGAN").getYData()));
        assertEquals(0.0, chart.getStyler().getYAxisMin(), "bars start at 0");
        assertTrue(Images.png(Images.of(chart)).length > 0);
        sds.put("real", new double[] {0.02});
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> Charts.bars("t", "accuracy", List.of("100", "1000"), means, sds));
        assertTrue(
                e.getMessage().startsWith("real: 2 values and 1 errors for 2 categories"),
                e.getMessage());
    }

    @Test
    void heatMapCellsShowThreeSignificantDigitsOnAScaleThatSpansThem() {
        double[][] fids = {{286.44, 69.249}, {Double.NaN, 1234.5}};
        HeatMapChart chart = Charts.heatMap(
                "FID", "lr", List.of("2e-4", "1e-3"), "beta1", List.of("0.5", "0.9"), fids);
        List<? extends Number[]> cells = chart.getSeriesMap().get("FID").getHeatData();
        // the cell without a value is left out rather than drawn as 0
        assertEquals(3, cells.size());
        assertArrayEquals(new Number[] {0, 0, 286.0}, cells.get(0));
        assertArrayEquals(new Number[] {1, 0, 69.2}, cells.get(1));
        assertArrayEquals(new Number[] {1, 1, 1230.0}, cells.get(2));
        assertEquals(69.2, chart.getStyler().getMin());
        assertEquals(1230.0, chart.getStyler().getMax());
        assertTrue(Images.png(Images.of(chart)).length > 0);
    }

    @Test
    void threeSignificantDigitsByHand() {
        assertEquals(0.0123, Charts.threeSignificantDigits(0.012345));
        assertEquals(-0.987, Charts.threeSignificantDigits(-0.98749));
        assertEquals(100.0, Charts.threeSignificantDigits(99.96));
        assertEquals(0.0, Charts.threeSignificantDigits(0.0));
    }

    @Test
    void movingAverageByHand() {
        assertArrayEquals(
                new double[] {1, 1.5, 2.5, 3.5},
                Charts.movingAverage(new double[] {1, 2, 3, 4}, 2),
                1e-12);
    }

    @Test
    void gridPlacesEachImageAndMapsMinusOneToBlackAndOneToWhite() {
        try (NDManager m = NDManager.newBaseManager()) {
            // image 0 all -1 (black), image 1 all +1 (white), image 2 a 0 (grey) — one channel, 2x2
            // pixels
            float[] v = {-1, -1, -1, -1, 1, 1, 1, 1, 0, 0, 0, 0};
            NDArray images = m.create(v, new Shape(3, 1, 2, 2));
            BufferedImage grid = ImageGrid.of(images, 2, 1);
            // 2 columns, 2 rows, cells of 2 pixels with a 2-pixel gap: width 2 + 2*(2+2) = 10
            assertEquals(10, grid.getWidth());
            assertEquals(10, grid.getHeight());
            assertEquals(0x000000, grid.getRGB(2, 2) & 0xFFFFFF);
            assertEquals(0xFFFFFF, grid.getRGB(6, 2) & 0xFFFFFF);
            int grey = grid.getRGB(2, 6) & 0xFF;
            assertEquals(128, grey, 1);
        }
    }

    @Test
    void gifHasAFramePerImage() throws IOException {
        BufferedImage a = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        BufferedImage b = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        byte[] gif = Images.gif(List.of(a, b, a), 100);
        var reader = ImageIO.getImageReadersByFormatName("gif").next();
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(gif)));
        assertEquals(3, reader.getNumImages(true));
    }
}
