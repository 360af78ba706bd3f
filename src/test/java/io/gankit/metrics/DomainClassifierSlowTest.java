package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.TestPaths;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The kit's MNIST and CIFAR-10 classifiers as {@link DomainClassifier#cached} trains them (and
 * {@code ./gankit modes} judges stacked MNIST with the first): the recipe's epochs and seed on the
 * whole training split, scored on the held-out test images.
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

    @Test
    void theCifarRecipeReaches75PercentOnTheTestRecords() {
        DataFolder folder = TestPaths.dataFolder();
        long started = System.nanoTime();
        try (DomainClassifier c = DomainClassifier.train(
                "cifar10-cnn",
                Datasets.load("cifar10", Datasets.Split.TRAIN, folder),
                DomainClassifier.CIFAR_EPOCHS,
                DomainClassifier.SEED,
                System.out)) {
            double seconds = (System.nanoTime() - started) / 1e9;
            var test = Datasets.load("cifar10", Datasets.Split.TEST, folder);
            double accuracy = c.accuracy(test);
            System.out.printf(
                    "CIFAR-10 classifier: %.2f%% accuracy on %d test images after %d epochs, %.0f s%n",
                    100 * accuracy, test.size(), DomainClassifier.CIFAR_EPOCHS, seconds);
            // issue 14's bar for the CIFAR-10 domain evaluator (the shared data holds 1,000 test
            // records, the official file 10,000)
            assertTrue(accuracy >= 0.75, "test accuracy " + accuracy);
        }
    }
}
