package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.DigitDomains;
import io.gankit.data.ImageSet;
import io.gankit.train.CycleGanGame;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The label-preservation table on constructed translators (the identity gives each classifier's
 * own accuracy and an exact round trip; a scramble loses the digits), with small classifiers of
 * each domain; and the domain classifier on colour images, which domain B needs.
 */
class LabelPreservationTest {
    static DataFolder data;
    static ImageSet backgrounds;
    static ImageSet greyTest;
    static ImageSet testA;
    static ImageSet testB;
    static DomainClassifier digits;
    static DomainClassifier coloured;

    @BeforeAll
    static void setUp() {
        data = TestPaths.dataFolder();
        backgrounds = Datasets.load("cifar10", Datasets.Split.TRAIN, data).limit(2000);
        ImageSet mnist = TestPaths.mnist(3000);
        digits = DomainClassifier.trainSteps("mnist", mnist, 60, 1, null);
        coloured = DomainClassifier.trainSteps(
                "mnist-m-like",
                DigitDomains.mnistMLike(mnist, backgrounds, DigitDomains.SEED),
                90,
                1,
                null);
        ImageSet test = Datasets.load("mnist", Datasets.Split.TEST, data).limit(600);
        DigitDomains.Domains domains = DigitDomains.unpaired(test, backgrounds, 7);
        testA = domains.a();
        testB = domains.b();
        greyTest = test.limit(300);
    }

    @AfterAll
    static void tearDown() {
        digits.close();
        coloured.close();
    }

    /** Moves every pixel to another place by one fixed permutation, the same in every channel. */
    static NDArray scramble(NDArray x) {
        Shape s = x.getShape();
        int plane = (int) (s.get(2) * s.get(3));
        int[] permutation = new int[plane];
        for (int i = 0; i < plane; i++) {
            permutation[i] = i;
        }
        SplittableRandom random = new SplittableRandom(5);
        for (int i = plane - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
        float[] in = x.toFloatArray();
        float[] out = new float[in.length];
        for (int p = 0; p < in.length / plane; p++) {
            for (int i = 0; i < plane; i++) {
                out[p * plane + i] = in[p * plane + permutation[i]];
            }
        }
        return x.getManager().create(out, s);
    }

    static double value(Table t, int row, String column) {
        return t.doubleColumn(column).getDouble(row);
    }

    @Test
    void theIdentityGivesEachClassifiersOwnAccuracyAndAnExactRoundTrip() {
        Table t = LabelPreservation.of(
                List.of(LabelPreservation.Translation.identity()), testA, testB, digits, coloured);
        assertEquals(1, t.rowCount());
        assertEquals("identity", t.stringColumn("translator").get(0));
        assertEquals(
                "translator," + String.join(",", LabelPreservation.COLUMNS),
                String.join(",", t.columnNames()));
        double ownA = digits.accuracy(greyTest);
        double ownB = coloured.accuracy(testB);
        System.out.println(
                "small classifiers: MNIST " + ownA + ", MNIST-M-like " + ownB + "\n" + t);
        assertTrue(ownA > 0.8 && ownB > 0.5, "classifiers " + ownA + ", " + ownB);
        // grey digits as RGB read back to grey (the channels' mean) are the same bytes
        assertEquals(ownA, value(t, 0, "a_to_b_to_a_accuracy"), 0.0);
        assertEquals(ownB, value(t, 0, "b_to_a_to_b_accuracy"), 0.0);
        assertEquals(0.0, value(t, 0, "a_cycle_l1"), 1e-7);
        assertEquals(0.0, value(t, 0, "b_cycle_l1"), 1e-7);
        // each classifier reads the other domain's untouched images worse than its own
        assertTrue(value(t, 0, "b_to_a_accuracy") < ownA, t.toString());
        // the grey test digits given as 1 channel: converted to domain B's 3 by copying
        Table grey = LabelPreservation.of(
                List.of(LabelPreservation.Translation.identity()),
                greyTest,
                testB,
                digits,
                coloured);
        assertEquals(ownA, value(grey, 0, "a_to_b_to_a_accuracy"), 0.0);
        assertEquals(value(t, 0, "a_to_b_accuracy"), value(grey, 0, "a_to_b_accuracy"), 0.0);
        assertEquals(0.0, value(grey, 0, "a_cycle_l1"), 1e-6);
    }

    @Test
    void aTranslatorThatScramblesTheImagesLosesTheDigits() {
        UnaryOperator<NDArray> scramble = LabelPreservationTest::scramble;
        Table t = LabelPreservation.of(
                List.of(
                        LabelPreservation.Translation.identity(),
                        new LabelPreservation.Translation("scramble", scramble, scramble)),
                testA,
                testB,
                digits,
                coloured);
        System.out.println(t);
        assertEquals(
                List.of("identity", "scramble"), t.stringColumn("translator").asList());
        for (String column : List.of(
                "a_to_b_accuracy",
                "a_to_b_to_a_accuracy",
                "b_to_a_accuracy",
                "b_to_a_to_b_accuracy")) {
            assertTrue(value(t, 1, column) < 0.3, column + " of a scramble: " + t);
        }
        assertTrue(
                value(t, 1, "a_cycle_l1") > 0.2 && value(t, 1, "b_cycle_l1") > 0.2, t.toString());
    }

    @Test
    void aCycleGanGamesRowFollowsTheIdentitysBaseline() {
        try (NDManager m = NDManager.newBaseManager()) {
            CycleGanGame game = CycleGanGame.builder()
                    .setDomainB(testB)
                    .setHeldImages(testA.limit(2), testB.limit(2))
                    .optGenerator(8, 1)
                    .optDiscriminator(8, 2)
                    .build(m);
            Table t = LabelPreservation.of(
                    game, testA.limit(100), testB.limit(100), digits, coloured);
            assertEquals(
                    List.of("identity", "CycleGAN"),
                    t.stringColumn("translator").asList());
            for (String column : LabelPreservation.COLUMNS) {
                double v = value(t, 1, column);
                assertTrue(v >= 0 && Double.isFinite(v), column + " " + v);
            }
            assertTrue(value(t, 1, "a_cycle_l1") > 0, "an untrained round trip is not exact");
        }
    }

    @Test
    void channelsAreCopiedToColourAndAveragedToGrey() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray grey = m.create(new float[] {0.5f, -1f}, new Shape(1, 1, 1, 2));
            assertArrayEquals(
                    new float[] {0.5f, -1f, 0.5f, -1f, 0.5f, -1f},
                    LabelPreservation.channels(grey, 3).toFloatArray());
            NDArray colour =
                    m.create(new float[] {0.3f, -1f, 0.6f, 0f, 0f, 1f}, new Shape(1, 3, 1, 2));
            assertArrayEquals(
                    new float[] {0.3f, 0f},
                    LabelPreservation.channels(colour, 1).toFloatArray(),
                    1e-7f);
            BadInputException e = assertThrows(
                    BadInputException.class,
                    () -> LabelPreservation.channels(m.zeros(new Shape(1, 2, 1, 1)), 3));
            assertTrue(e.getMessage().contains("2 channels"), e.getMessage());
        }
    }

    @Test
    void aColourClassifierTakesThreeChannelsSavesAndIsCachedByItsSeed(@TempDir Path cache) {
        assertEquals(3, coloured.channels());
        assertEquals(1, digits.channels());
        assertEquals("none: 3x28x28 as trained", coloured.resizing());
        try (NDManager m = NDManager.newBaseManager()) {
            BadInputException grey = assertThrows(
                    BadInputException.class, () -> coloured.predict(greyTest.uint8(m)));
            assertTrue(grey.getMessage().contains("(n, 3, 28, 28)"), grey.getMessage());
            NDArray images = testB.uint8(m);
            Path file = DomainClassifier.cacheFile(cache, "mnist-m-like-seed-" + DigitDomains.SEED);
            coloured.save(file);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            try (DomainClassifier loaded = DomainClassifier.load(file, "mnist-m-like-cnn", 10, 3);
                    DomainClassifier cached = DomainClassifier.cachedMnistMLike(
                            data,
                            DigitDomains.SEED,
                            cache,
                            new PrintStream(log, true, StandardCharsets.UTF_8))) {
                assertArrayEquals(coloured.predict(images), loaded.predict(images));
                assertArrayEquals(coloured.predict(images), cached.predict(images));
                assertEquals(coloured.sha256(), cached.sha256());
            }
            assertEquals("", log.toString(StandardCharsets.UTF_8), "loaded, not trained");
            // a colour classifier's file read as a grey one is refused by the first layer's shape
            BadInputException asGrey = assertThrows(
                    BadInputException.class,
                    () -> DomainClassifier.load(file, "x", 10).close());
            assertTrue(asGrey.getMessage().contains("1x28x28 images"), asGrey.getMessage());
        }
    }
}
