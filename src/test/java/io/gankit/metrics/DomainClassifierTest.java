package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short training on part of MNIST: the full classifiers are built by DomainClassifier.main. */
class DomainClassifierTest {
    @Test
    void learnsDigitsSavesAndReloadsIdentically(@TempDir Path tmp) throws Exception {
        DataFolder data = DataFolder.of(TestPaths.data()).offline();
        ImageSet train = Datasets.load("mnist", Datasets.Split.TRAIN, data).limit(3000);
        ImageSet test = Datasets.load("mnist", Datasets.Split.TEST, data).limit(500);
        Path file = tmp.resolve("mnist-cnn.params");
        try (DomainClassifier c = DomainClassifier.train("mnist-cnn", train, 1, 1, null);
                NDManager m = NDManager.newBaseManager()) {
            double accuracy = c.accuracy(test);
            assertTrue(accuracy > 0.80, "accuracy after one epoch on 3000 digits: " + accuracy);
            c.save(file);
            assertEquals(DataFolder.sha256(file), c.sha256());
            assertTrue(c.name().contains("not comparable with Inception"), c.name());

            Features f = c.features(test.uint8(m));
            assertEquals(DomainClassifier.FEATURES, f.dim());
            Features p = c.probabilities(test.uint8(m));
            assertEquals(10, p.dim());
            for (int i = 0; i < p.n(); i++) {
                double sum = 0;
                for (int j = 0; j < 10; j++) {
                    sum += p.values()[i * 10 + j];
                }
                assertEquals(1, sum, 1e-5);
            }
            int[] histogram = c.classHistogram(test.uint8(m));
            assertEquals(500, Arrays.stream(histogram).sum());
            assertTrue(Arrays.stream(histogram).allMatch(k -> k > 10), Arrays.toString(histogram));

            try (DomainClassifier back = DomainClassifier.load(file, "mnist-cnn", 10)) {
                assertArrayEquals(p.values(), back.probabilities(test.uint8(m)).values());
                assertEquals(c.sha256(), back.sha256());
            }
        }
        Path broken = tmp.resolve("broken.params");
        Files.write(broken, new byte[] {1, 2, 3});
        BadInputException e = assertThrows(BadInputException.class, () -> DomainClassifier.load(broken, "x", 10));
        assertTrue(e.getMessage().contains("broken.params"), e.getMessage());
    }
}
