package io.gankit.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.gankit.TestPaths;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The kit's stacked-MNIST judge as {@code ./gankit modes} trains it: one epoch on all 60,000 digits. */
@Tag("slow")
class MnistClassifierSlowTest {
    @Test
    void oneEpochReaches98PercentTestAccuracy() {
        DataFolder folder = DataFolder.of(TestPaths.data()).offline();
        try (NDManager m = NDManager.newBaseManager();
                MnistClassifier c = MnistClassifier.train(Datasets.load("mnist", Datasets.Split.TRAIN, folder), 1, m)) {
            double accuracy = c.accuracy(Datasets.load("mnist", Datasets.Split.TEST, folder));
            System.out.printf("MNIST judge: %.2f%% test accuracy after one epoch%n", 100 * accuracy);
            assertTrue(accuracy >= 0.98, "accuracy " + accuracy);
        }
    }
}
