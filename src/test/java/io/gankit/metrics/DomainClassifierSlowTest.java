package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.TestPaths;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The kit's MNIST classifier as {@link DomainClassifier#cached} trains it (and {@code ./gankit modes}
 * judges stacked MNIST with it): the recipe's epochs and seed on all 60,000 training digits, scored
 * on the 10,000 held-out test digits.
 */
@Tag("slow")
class DomainClassifierSlowTest {
    @Test
    void theRecipeReaches98Point8PercentTestAccuracy() {
        DataFolder folder = TestPaths.dataFolder();
        long started = System.nanoTime();
        try (DomainClassifier c = DomainClassifier.train(
                "mnist-cnn",
                Datasets.load("mnist", Datasets.Split.TRAIN, folder),
                DomainClassifier.EPOCHS,
                DomainClassifier.SEED,
                System.out)) {
            double seconds = (System.nanoTime() - started) / 1e9;
            double accuracy = c.accuracy(Datasets.load("mnist", Datasets.Split.TEST, folder));
            System.out.printf(
                    "MNIST classifier: %.2f%% test accuracy after %d epochs, %.0f s%n",
                    100 * accuracy, DomainClassifier.EPOCHS, seconds);
            // measured 99.08% (./gankit classify --build --datasets mnist); the lab's former judge
            // had 98.03%
            assertTrue(accuracy >= 0.988, "test accuracy " + accuracy);
        }
    }
}
