package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.gankit.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** PSNR and SSIM against scikit-image's values on the images of scripts/make-ssim-reference.py. */
class ImageQualityTest {
    private static JsonObject reference(String pair) throws IOException {
        try (InputStream in = ImageQualityTest.class.getResourceAsStream(
                "/io/gankit/metrics/image-quality-reference.json")) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .getAsJsonObject()
                    .getAsJsonObject("pairs")
                    .getAsJsonObject(pair);
        }
    }

    /** The script's colour pair: a smooth pattern and the same with a fine ripple, clipped. */
    private static double[][] colourPair() {
        int c = 3, h = 32, w = 32;
        double[] x = new double[c * h * w];
        double[] y = new double[c * h * w];
        for (int k = 0, n = 0; k < c; k++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++, n++) {
                    x[n] = 0.5 + 0.35 * Math.sin(0.37 * i + 0.23 * j + 1.1 * k);
                    y[n] = Math.min(
                            1.0, Math.max(0.0, x[n] + 0.15 * Math.sin(2.1 * i * j + 0.7 * k)));
                }
            }
        }
        return new double[][] {x, y};
    }

    /** The script's grey pair: a texture and the same shifted one pixel left (last column kept). */
    private static double[][] greyPair() {
        int h = 28, w = 28;
        double[] x = new double[h * w];
        double[] y = new double[h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                x[i * w + j] = ((i * 7 + j * 13) % 17) / 16.0;
            }
        }
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                y[i * w + j] = x[i * w + Math.min(j + 1, w - 1)];
            }
        }
        return new double[][] {x, y};
    }

    @Test
    void psnrAndSsimEqualScikitImagesOnTheReferencePairs() throws IOException {
        double[][] colour = colourPair();
        JsonObject c = reference("colour");
        assertEquals(c.get("psnr").getAsDouble(), ImageQuality.psnr(colour[0], colour[1], 1), 1e-9);
        assertEquals(
                c.get("ssim").getAsDouble(),
                ImageQuality.ssim(colour[0], colour[1], 3, 32, 32, 1),
                1e-9);
        double[][] grey = greyPair();
        JsonObject g = reference("grey");
        assertEquals(g.get("psnr").getAsDouble(), ImageQuality.psnr(grey[0], grey[1], 1), 1e-9);
        assertEquals(
                g.get("ssim").getAsDouble(),
                ImageQuality.ssim(grey[0], grey[1], 1, 28, 28, 1),
                1e-9);
    }

    @Test
    void identicalImagesScoreOneAndAnOffsetByHand() {
        double[][] colour = colourPair();
        assertEquals(1.0, ImageQuality.ssim(colour[0], colour[0], 3, 32, 32, 1), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, ImageQuality.psnr(colour[0], colour[0], 1));
        double[] shifted = colour[0].clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 0.1;
        }
        // MSE 0.01 on a range of 1: 10 log10(1 / 0.01) = 20 dB
        assertEquals(20.0, ImageQuality.psnr(shifted, colour[0], 1), 1e-9);
        assertEquals(
                ImageQuality.ssim(colour[0], colour[1], 3, 32, 32, 1),
                ImageQuality.ssim(colour[1], colour[0], 3, 32, 32, 1),
                1e-12,
                "symmetric");
    }

    @Test
    void imagesTooSmallForTheWindowOrOfOtherSizesAreRefused() {
        BadInputException small = assertThrows(
                BadInputException.class,
                () -> ImageQuality.ssim(new double[100], new double[100], 1, 10, 10, 1));
        assertTrue(small.getMessage().contains("10 x 10"), small.getMessage());
        BadInputException sizes = assertThrows(
                BadInputException.class, () -> ImageQuality.psnr(new double[4], new double[5], 1));
        assertTrue(sizes.getMessage().contains("4 and 5"), sizes.getMessage());
    }
}
