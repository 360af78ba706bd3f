package io.gankit.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDManager;
import io.gankit.plot.Images;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

class ModePlotsTest {
    @Test
    void heatColoursGoFromRedThroughWhiteToBlue() {
        assertEquals(new Color(255, 0, 0), ModePlots.heat(0));
        assertEquals(new Color(255, 255, 255), ModePlots.heat(0.5));
        assertEquals(new Color(0, 0, 255), ModePlots.heat(1));
        assertEquals(new Color(0, 0, 255), ModePlots.heat(7)); // clamped
    }

    @Test
    void decisionSurfaceMapsRowZeroToTheTop() {
        GaussianMixture grid = GaussianMixture.grid();
        double[][] surface = {{1, 0}, {0.5, 0.5}};
        BufferedImage image = ModePlots.decisionSurface(grid, surface, new float[0], 100);
        assertEquals(
                new Color(0, 0, 255).getRGB(), image.getRGB(1, 1)); // top left: surface[0][0] = 1
        assertEquals(
                new Color(255, 0, 0).getRGB(), image.getRGB(98, 1)); // top right: surface[0][1] = 0
        assertEquals(Color.WHITE.getRGB(), image.getRGB(60, 98)); // bottom: 1/2
    }

    @Test
    void scatterPutsSamplesWhereTheyBelong() {
        GaussianMixture grid = GaussianMixture.grid(); // extent 6: the picture spans [-6, 6]
        assertEquals(6.0, ModePlots.extent(grid));
        BufferedImage empty = ModePlots.scatter(grid, new float[0], 120);
        // (-3, 3) lies between modes, at pixel (30, 30)
        BufferedImage one = ModePlots.scatter(grid, new float[] {-3, 3}, 120);
        assertEquals(Color.WHITE.getRGB(), empty.getRGB(30, 30));
        assertNotEquals(Color.WHITE.getRGB(), one.getRGB(30, 30));
        assertEquals(Color.WHITE.getRGB(), one.getRGB(90, 90));
    }

    @Test
    void histogramBarsAreTheCounts() {
        CategoryChart chart = ModePlots.modeHistogram(new ModeScore(new int[] {3, 0, 5}, 10), "h");
        CategorySeries series = chart.getSeriesMap().get("samples");
        int[] ys = series.getYData().stream().mapToInt(Number::intValue).toArray();
        assertArrayEquals(new int[] {3, 0, 5}, ys);
        assertEquals(720, Images.of(chart).getWidth());
    }

    @Test
    void trainingFramesBecomeAGifWithEveryFrame() throws Exception {
        List<BufferedImage> frames;
        try (NDManager m = NDManager.newBaseManager();
                ModeLab lab = ModeLab.create(
                        GaussianMixture.ring(), ModeLab.config("mlp2d-s").build(), m)) {
            frames = ModePlots.trainingFrames(lab, 3, 2, 1, 64);
            assertEquals(4, lab.generatorSteps());
            assertEquals(4, lab.discriminatorSteps());
        }
        byte[] gif = Images.gif(frames, 100);
        assertEquals("GIF89a", new String(gif, 0, 6, StandardCharsets.US_ASCII));
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(3, reader.getNumImages(true));
            assertEquals(64, reader.read(2).getWidth());
        }
    }
}
