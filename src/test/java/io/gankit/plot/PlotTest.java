package io.gankit.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gankit.train.History;
import io.gankit.train.StepRecord;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class PlotTest {
    static History history() {
        History h = History.create();
        for (int i = 1; i <= 300; i++) {
            h.add(new StepRecord(i, 1 + i / 100, 1.4 - i / 1000.0, 0.7 + i / 2000.0, 0.8 - i / 1500.0, 0.2 + i / 1500.0, i / 10.0));
        }
        return h;
    }

    static Stream<Function<History, XYChart>> charts() {
        return Stream.of(Charts::lossCurves, Charts::discriminatorOutputs);
    }

    @ParameterizedTest
    @MethodSource("charts")
    void everyChartRendersToAPngHeadless(Function<History, XYChart> chart) throws IOException {
        byte[] png = Images.png(Images.of(chart.apply(history())));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(800, back.getWidth());
        assertEquals(420, back.getHeight());
        // and an empty history (the first moments of a live plot) renders too
        assertTrue(Images.png(Images.of(chart.apply(History.create()))).length > 0);
    }

    @Test
    void lossChartHasASmoothedSeriesPerLoss() {
        XYChart chart = Charts.lossCurves(history());
        assertTrue(chart.getSeriesMap().containsKey("d_loss"));
        assertTrue(chart.getSeriesMap().containsKey("g_loss"));
        assertTrue(Charts.discriminatorOutputs(history()).getSeriesMap().containsKey("1/2"));
    }

    @Test
    void movingAverageByHand() {
        assertArrayEquals(new double[] {1, 1.5, 2.5, 3.5}, Charts.movingAverage(new double[] {1, 2, 3, 4}, 2), 1e-12);
    }

    @Test
    void gridPlacesEachImageAndMapsMinusOneToBlackAndOneToWhite() {
        try (NDManager m = NDManager.newBaseManager()) {
            // image 0 all -1 (black), image 1 all +1 (white), image 2 a 0 (grey) — one channel, 2x2 pixels
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
