package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short training on part of MNIST, scored on held-out test digits; the full recipe's accuracy is
 * {@code DomainClassifierSlowTest}'s.
 */
class DomainClassifierTest {
    static DataFolder data;
    static ImageSet train;
    static ImageSet test;
    static DomainClassifier classifier;
    static NDManager manager;

    @BeforeAll
    static void setUp() {
        data = TestPaths.dataFolder();
        train = Datasets.load("mnist", Datasets.Split.TRAIN, data).limit(6000);
        test = Datasets.load("mnist", Datasets.Split.TEST, data).limit(1000);
        classifier = DomainClassifier.train("mnist-cnn", train, 1, 1, null);
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        classifier.close();
        manager.close();
    }

    @Test
    void learnsDigitsFromPartOfTheTrainingSet() {
        double accuracy = classifier.accuracy(test);
        // chance is 0.1; 46 steps of Adam on 6,000 digits give 0.90
        assertTrue(
                accuracy > 0.85,
                "accuracy on 1,000 test digits after one epoch on 6,000: " + accuracy);
        assertEquals(10, classifier.classes());
        assertTrue(classifier.name().contains("not comparable with Inception"), classifier.name());
    }

    @Test
    void featuresProbabilitiesPredictionsAndHistogramAgree() {
        NDArray images = test.uint8(manager);
        Features f = classifier.features(images);
        assertEquals(DomainClassifier.FEATURES, f.dim());
        assertEquals(test.size(), f.n());
        Features p = classifier.probabilities(images);
        assertEquals(10, p.dim());
        int[] predicted = classifier.predict(images);
        for (int i = 0; i < p.n(); i++) {
            double sum = 0;
            for (int j = 0; j < 10; j++) {
                sum += p.values()[i * 10 + j];
                assertTrue(
                        p.values()[i * 10 + j] <= p.values()[i * 10 + predicted[i]],
                        "image " + i + " class " + j);
            }
            assertEquals(1, sum, 1e-5);
        }
        int[] histogram = classifier.classHistogram(images);
        int[] counted = new int[10];
        for (int k : predicted) {
            counted[k]++;
        }
        assertArrayEquals(counted, histogram);
        assertEquals(test.size(), Arrays.stream(histogram).sum());
        assertTrue(Arrays.stream(histogram).allMatch(k -> k > 40), Arrays.toString(histogram));
        // generator outputs in [-1, 1], quantized as the kit scores them, give the same classes as
        // the bytes
        int[] all = new int[test.size()];
        Arrays.setAll(all, i -> i);
        try (NDManager scope = manager.newSubManager()) {
            assertArrayEquals(
                    predicted, classifier.predict(Quantization.fromSigned(test.batch(scope, all))));
        }
    }

    @Test
    void theSameSeedTrainsTheSameWeights() {
        try (DomainClassifier again =
                        DomainClassifier.train("again", train.limit(512), 1, 1, null);
                DomainClassifier same =
                        DomainClassifier.train("same", train.limit(512), 1, 1, null);
                DomainClassifier other =
                        DomainClassifier.train("other", train.limit(512), 1, 2, null)) {
            NDArray images = test.limit(200).uint8(manager);
            assertArrayEquals(
                    again.features(images).values(), same.features(images).values());
            assertFalse(Arrays.equals(
                    again.features(images).values(), other.features(images).values()));
        }
    }

    @Test
    void stepsTrainOnASetSmallerThanABatch() {
        // 100 labelled digits, 10 a class: one step is the whole set, reshuffled each pass
        ImageSet hundred = train.balancedSample(100, 3);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (DomainClassifier few = DomainClassifier.trainSteps(
                "few", hundred, 30, 1, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            String[] lines = log.toString(StandardCharsets.UTF_8).strip().split("\n");
            // a line when the first rate ends (step 20) and one at the end (the last third at 1e-4)
            assertEquals(2, lines.length, String.join("\n", lines));
            assertTrue(lines[0].startsWith("few step 20 of 30: loss "), lines[0]);
            assertTrue(lines[1].startsWith("few step 30 of 30: loss "), lines[1]);
            double first = Double.parseDouble(lines[0].split("loss ")[1].split(",")[0]);
            double last = Double.parseDouble(lines[1].split("loss ")[1].split(",")[0]);
            assertTrue(last < first / 2, "mean loss " + first + " then " + last);
            double accuracy = few.accuracy(test);
            // chance is 0.1; 30 steps on 100 digits give about 0.7 here
            assertTrue(accuracy > 0.5, "test accuracy after 30 steps on 100 digits: " + accuracy);
        }
        BadInputException none = assertThrows(
                BadInputException.class,
                () -> DomainClassifier.trainSteps("c", hundred, 0, 1, null));
        assertTrue(none.getMessage().contains("0 steps; expected 1 or more"), none.getMessage());
    }

    @Test
    void stepsKeepTheRecipesScheduleInOneLoop() {
        // three epochs of 4 steps (the last at a tenth of the rate) are 12 steps with the last
        // third slow: the same loop, the same weights, bit for bit
        ImageSet set = train.limit(512);
        try (DomainClassifier epochs = DomainClassifier.train("e", set, 3, 4, null);
                DomainClassifier steps = DomainClassifier.trainSteps("s", set, 12, 4, null);
                DomainClassifier shorter = DomainClassifier.trainSteps("t", set, 11, 4, null)) {
            NDArray images = test.limit(200).uint8(manager);
            assertArrayEquals(
                    epochs.probabilities(images).values(),
                    steps.probabilities(images).values());
            assertFalse(Arrays.equals(
                    epochs.probabilities(images).values(),
                    shorter.probabilities(images).values()));
        }
    }

    @Test
    void savedAndLoadedGivesIdenticalOutputs(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("mnist-cnn.params");
        classifier.save(file);
        assertEquals(DataFolder.sha256(file), classifier.sha256());
        NDArray images = test.uint8(manager);
        try (DomainClassifier back = DomainClassifier.load(file, "mnist-cnn", 10)) {
            assertArrayEquals(
                    classifier.probabilities(images).values(),
                    back.probabilities(images).values());
            assertArrayEquals(
                    classifier.features(images).values(), back.features(images).values());
            assertArrayEquals(classifier.predict(images), back.predict(images));
            assertEquals(classifier.sha256(), back.sha256());
        }
        // saving again writes the same bytes, through a temporary file that does not stay behind
        classifier.save(file);
        assertEquals(DataFolder.sha256(file), classifier.sha256());
        try (var listing = Files.list(tmp)) {
            assertEquals(1, listing.count());
        }
    }

    @Test
    void cachedLoadsTheFileOfTheCacheConvention(@TempDir Path cache) {
        Path file = DomainClassifier.cacheFile(cache, "mnist");
        assertEquals("mnist-cnn.params", file.getFileName().toString());
        assertEquals(
                Path.of(System.getProperty("user.home"), ".gankit", "cache", "domain"),
                DomainClassifier.defaultCache());
        classifier.save(file);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        NDArray images = test.limit(300).uint8(manager);
        try (DomainClassifier cached = DomainClassifier.cached(
                "mnist", data, cache, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            assertArrayEquals(classifier.predict(images), cached.predict(images));
            assertEquals(classifier.sha256(), cached.sha256());
        }
        assertEquals(
                "",
                log.toString(StandardCharsets.UTF_8),
                "a cached classifier is loaded, not trained");
    }

    @Test
    void aBrokenWeightsFileIsRefusedByName(@TempDir Path tmp) throws Exception {
        Path good = tmp.resolve("good.params");
        classifier.save(good);
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = tmp.resolve("truncated.params");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(
                truncated,
                10,
                "truncated.params",
                "expected a file written by DomainClassifier.save");

        Path garbage = tmp.resolve("garbage.params");
        Files.write(garbage, new byte[] {1, 2, 3});
        assertRefused(
                garbage, 10, "garbage.params", "expected a file written by DomainClassifier.save");

        Path empty = tmp.resolve("empty.params");
        Files.write(empty, new byte[0]);
        assertRefused(
                empty, 10, "empty.params", "expected a file written by DomainClassifier.save");

        Path longer = tmp.resolve("longer.params");
        Files.write(longer, Arrays.copyOf(bytes, bytes.length + 7));
        assertRefused(longer, 10, "longer.params", "bytes after the last parameter");

        // flip bytes inside the first parameter's header: a different name or encoding version
        Path corrupt = tmp.resolve("corrupt.params");
        byte[] flipped = bytes.clone();
        for (int i = 0; i < 24; i++) {
            flipped[i] ^= (byte) 0x5a;
        }
        Files.write(corrupt, flipped);
        assertRefused(corrupt, 10, "corrupt.params", "expected");

        // a 10-class file read as a 5-class classifier
        BadInputException classes = assertRefused(good, 5, "good.params", "expected (5, 128)");
        assertTrue(classes.getMessage().contains("(10, 128)"), classes.getMessage());

        assertRefused(tmp.resolve("missing.params"), 10, "missing.params", "no such file");
    }

    private static BadInputException assertRefused(
            Path file, int classes, String names, String says) {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> DomainClassifier.load(file, "mnist-cnn", classes).close(),
                file.toString());
        assertTrue(e.getMessage().contains(names) && e.getMessage().contains(says), e.getMessage());
        return e;
    }

    @Test
    void wrongImagesAreRefusedWithTheirShape() {
        try (NDManager scope = manager.newSubManager()) {
            BadInputException e = assertThrows(
                    BadInputException.class,
                    () -> classifier.predict(scope.zeros(new Shape(2, 3, 28, 28))));
            assertTrue(
                    e.getMessage().contains("(2, 3, 28, 28)")
                            && e.getMessage().contains("expected (n, 1, 28, 28)"),
                    e.getMessage());
        }
        ImageSet odd = ImageSet.create(
                "odd", new byte[200 * 3 * 30 * 30], new int[200], 3, 30, 30, List.of("a", "b"));
        BadInputException e = assertThrows(
                BadInputException.class, () -> DomainClassifier.train("c", odd, 1, 1, null));
        assertTrue(
                e.getMessage().startsWith("odd: 3x30x30 images")
                        && e.getMessage().contains("expects 28x28")
                        && e.getMessage().contains("or 32x32 (CIFAR-10)"),
                e.getMessage());
    }

    @Test
    void cifarImagesGetTheDeeperNetworkWhichSavesItsBatchNormStatistics(@TempDir Path tmp) {
        // a few steps only: the recipe's accuracy is DomainClassifierSlowTest's
        ImageSet cifar = Datasets.load("cifar10", Datasets.Split.TRAIN, data).limit(512);
        assertEquals(DomainClassifier.Recipe.CIFAR, DomainClassifier.Recipe.of(cifar));
        assertEquals(DomainClassifier.Recipe.DIGITS, DomainClassifier.Recipe.of(train));
        Path file = tmp.resolve("cifar10-cnn.params");
        try (DomainClassifier c = DomainClassifier.train("cifar10-cnn", cifar, 2, 1, null);
                NDManager scope = manager.newSubManager()) {
            NDArray images = Datasets.load("cifar10", Datasets.Split.TEST, data)
                    .limit(200)
                    .uint8(scope);
            Features f = c.features(images);
            assertEquals(DomainClassifier.FEATURES, f.dim());
            assertEquals(200, f.n());
            assertTrue(c.resizing().contains("3x32x32"), c.resizing());
            BadInputException e = assertThrows(
                    BadInputException.class, () -> c.predict(scope.zeros(new Shape(2, 3, 28, 28))));
            assertTrue(e.getMessage().contains("expected (n, 3, 32, 32)"), e.getMessage());
            // batch norm's running statistics travel with the weights: a classifier loaded with
            // fresh statistics (mean 0, variance 1) would give other outputs
            c.save(file);
            try (DomainClassifier back = DomainClassifier.load(file, "cifar10-cnn", 10, 3, 32)) {
                assertArrayEquals(f.values(), back.features(images).values());
            }
            // a CIFAR-10 file is not a 28x28 classifier
            BadInputException wrong = assertThrows(
                    BadInputException.class,
                    () -> DomainClassifier.load(file, "cifar10-cnn", 10, 3).close());
            assertTrue(wrong.getMessage().startsWith(file.toString()), wrong.getMessage());
        }
    }
}
