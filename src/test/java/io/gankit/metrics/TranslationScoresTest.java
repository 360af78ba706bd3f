package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.Datasets;
import io.gankit.data.Greyscale;
import io.gankit.data.ImageSet;
import io.gankit.data.Resample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The image-to-image tables on models whose answers are known: the baselines again, and a model that is always wrong. */
class TranslationScoresTest {
    static ImageSet set(int... pixels) {
        byte[] b = new byte[pixels.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) pixels[i];
        }
        return ImageSet.create("by hand", b, new int[pixels.length / 3], 3, 1, 1, List.of("any"));
    }

    @Test
    void errorsArePooledOverEveryPixel() {
        ImageSet a = set(10, 20, 30, 0, 0, 0);
        ImageSet b = set(13, 20, 30, 0, 0, 6);
        assertEquals((3 + 6) / 6.0, TranslationScores.meanAbsoluteError(a, b), 1e-12);
        assertEquals(
                10 * Math.log10(255.0 * 255 / ((9 + 36) / 6.0)),
                TranslationScores.psnr(a, b),
                1e-9);
        assertEquals(Double.POSITIVE_INFINITY, TranslationScores.psnr(a, a));
        assertThrows(
                BadInputException.class,
                () -> TranslationScores.meanAbsoluteError(a, set(1, 2, 3)));
    }

    @Test
    void aModelThatPaintsNothingScoresAsTheGreyInputAndANegativeOneFarWorse() {
        ImageSet cifar = Datasets.load("cifar10", Datasets.Split.TEST, TestPaths.dataFolder())
                .limit(40);
        Map<String, UnaryOperator<NDArray>> models = new LinkedHashMap<>();
        models.put("grey again", Greyscale::asColour);
        models.put("negative", grey -> Greyscale.asColour(grey).neg());
        Table t = TranslationScores.colourisation(cifar, models);
        assertEquals(
                List.of("grey input", "grey again", "negative", "originals"),
                t.stringColumn("model").asList());
        for (String column : List.of("l1", "psnr_db", "ssim", "colourfulness")) {
            assertEquals(
                    t.doubleColumn(column).get(0), t.doubleColumn(column).get(1), 1e-9, column);
        }
        assertEquals(0, t.doubleColumn("colourfulness").get(0), 0.0, "grey has no colour");
        assertEquals(1, t.doubleColumn("colourfulness_vs_originals").get(3), 0.0);
        assertEquals(0, t.doubleColumn("l1").get(3), 0.0);
        assertTrue(t.doubleColumn("l1").get(2) > 3 * t.doubleColumn("l1").get(0), t.printAll());
        assertTrue(
                t.doubleColumn("colourfulness").get(3) > 10,
                "CIFAR-10 has colour: " + t.printAll());
    }

    @Test
    void bicubicAsAModelScoresAsBicubicAndTheDomainDistanceRanksBlur() {
        ImageSet fashion = Datasets.load(
                        "fashion-mnist", Datasets.Split.TEST, TestPaths.dataFolder())
                .limit(200);
        Map<String, UnaryOperator<NDArray>> models = new LinkedHashMap<>();
        models.put("bicubic again", low -> Resample.bicubic(low, 28, 28));
        models.put("blocks", low -> low.repeat(2, 4).repeat(3, 4));
        Table t = TranslationScores.superResolution(fashion, 4, models, null);
        assertEquals(
                List.of("bicubic", "bicubic again", "blocks"),
                t.stringColumn("model").asList());
        assertEquals(t.doubleColumn("psnr_db").get(0), t.doubleColumn("psnr_db").get(1), 1e-9);
        assertEquals(t.doubleColumn("ssim").get(0), t.doubleColumn("ssim").get(1), 1e-9);
        assertTrue(
                t.doubleColumn("psnr_db").get(2) < t.doubleColumn("psnr_db").get(0), t.printAll());
        assertThrows(
                BadInputException.class,
                () -> TranslationScores.superResolution(fashion, 3, models, null));
    }
}
