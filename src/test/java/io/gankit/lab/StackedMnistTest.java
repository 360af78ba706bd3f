package io.gankit.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import io.gankit.metrics.DomainClassifier;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StackedMnistTest {
    static NDManager manager;
    static ImageSet test;
    static DomainClassifier classifier;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        DataFolder folder = TestPaths.dataFolder();
        test = Datasets.load("mnist", Datasets.Split.TEST, folder);
        // a quick judge for the test: one epoch on 4,000 training digits (the kit's judge is the
        // full
        // MNIST classifier, DomainClassifierSlowTest checks that one)
        classifier = DomainClassifier.train(
                "mnist-cnn (test)",
                Datasets.load("mnist", Datasets.Split.TRAIN, folder).limit(4_000),
                1,
                1,
                null);
    }

    @AfterAll
    static void tearDown() {
        classifier.close();
        manager.close();
    }

    @Test
    void classifierLearnsDigits() {
        double accuracy = classifier.accuracy(test.limit(3000));
        // the premise of the scores below; chance is 0.1, 31 steps of Adam give 0.86
        assertTrue(accuracy > 0.80, "accuracy " + accuracy + " after one epoch on 4,000 digits");
    }

    @Test
    void stackedImagesCarryThreeDigitsAndTheirTripleAsLabel() {
        ImageSet stacked = StackedMnist.create(test, 300, 5);
        assertEquals(3, stacked.channels());
        assertEquals(1000, stacked.classNames().size());
        assertEquals(300, stacked.size());
        ImageSet again = StackedMnist.create(test, 300, 5);
        for (int i = 0; i < 300; i++) {
            assertEquals(stacked.label(i), again.label(i));
            // each channel is some test digit whose label is the label's digit in that place
            int label = stacked.label(i);
            for (int c = 0; c < 3; c++) {
                int digit = c == 0 ? label / 100 : c == 1 ? label / 10 % 10 : label % 10;
                assertTrue(hasDigitPlane(stacked, i, c, digit), "image " + i + " channel " + c);
            }
        }
    }

    private static Map<String, Set<Integer>> digitsOfPlane;

    private static boolean hasDigitPlane(ImageSet stacked, int i, int c, int digit) {
        if (digitsOfPlane == null) {
            digitsOfPlane = new HashMap<>();
            for (int j = 0; j < test.size(); j++) {
                digitsOfPlane
                        .computeIfAbsent(plane(test, j, 0), k -> new HashSet<>())
                        .add(test.label(j));
            }
        }
        return digitsOfPlane.getOrDefault(plane(stacked, i, c), Set.of()).contains(digit);
    }

    private static String plane(ImageSet set, int i, int c) {
        byte[] bytes = new byte[28 * 28];
        for (int r = 0; r < 28; r++) {
            for (int col = 0; col < 28; col++) {
                bytes[r * 28 + col] = (byte) set.pixel(i, c, r, col);
            }
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void realStackedDigitsCoverNearlyAllModesWithSmallKl() {
        int n = 3000;
        ImageSet stacked = StackedMnist.create(test, n, 9);
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray images = stacked.batch(scope, all);
            ModeScore s = StackedMnist.score(images, classifier);
            // 3,000 uniform draws over 1,000 modes leave about 1000 e^-3 = 50 empty; a judge that
            // confuses some digits empties a few more
            assertTrue(s.modesCovered() >= 850, s.toString());
            // a multinomial histogram of n draws sits about (K - 1) / 2n = 0.17 nats from uniform;
            // a collapsed generator would score up to log 1000 = 6.9
            assertTrue(s.reverseKl() < 0.5, s.toString());
            assertEquals(1.0, s.highQualityShare());
        }
    }

    @Test
    void collapsedSamplesScoreOneMode() {
        ImageSet stacked = StackedMnist.create(test, 50, 9);
        int[] same = new int[200]; // one stacked image repeated
        try (NDManager scope = manager.newSubManager()) {
            ModeScore s = StackedMnist.score(stacked.batch(scope, same), classifier);
            assertEquals(1, s.modesCovered());
            assertEquals(Math.log(1000), s.reverseKl(), 1e-9);
        }
    }

    @Test
    void onlyATenDigitClassifierJudges() {
        ImageSet two = ImageSet.create(
                "two", new byte[256 * 28 * 28], new int[256], 1, 28, 28, List.of("a", "b"));
        try (DomainClassifier binary = DomainClassifier.train("binary", two, 1, 1, null);
                NDManager scope = manager.newSubManager()) {
            NDArray images = StackedMnist.create(test, 5, 1).batch(scope, new int[] {0, 1});
            BadInputException e =
                    assertThrows(BadInputException.class, () -> StackedMnist.score(images, binary));
            assertTrue(
                    e.getMessage().contains("2 classes") && e.getMessage().contains("10-digit"),
                    e.getMessage());
        }
    }

    @Test
    void rejectsColourInput() {
        ImageSet stacked = StackedMnist.create(test, 10, 1);
        assertThrows(BadInputException.class, () -> StackedMnist.create(stacked, 10, 1));
    }
}
