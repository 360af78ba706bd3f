package io.gankit;

import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find the shared real data. Tests never skip for want of data: a missing folder fails
 * the test with a message that says where it looked and how to point the build elsewhere.
 */
public final class TestPaths {
    private TestPaths() {}

    /** The shared/ folder beside the repository (system property {@code gankit.shared}). */
    public static Path shared() {
        String configured = System.getProperty("gankit.shared", "../shared");
        Path path = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException(
                    "Test data folder " + path + " does not exist; put shared/ "
                            + "beside the repository or run with -Dgankit.shared=/path/to/shared");
        }
        return path;
    }

    /** The real data sets: {@code shared/data} (mnist/, fashion-mnist/, cifar-10-partial/). */
    public static Path data() {
        return require(shared().resolve("data"));
    }

    /** The real data sets as a data folder that never downloads. */
    public static DataFolder dataFolder() {
        return DataFolder.of(data()).offline();
    }

    /** MNIST's training set (60,000 digits), from the shared data. */
    public static ImageSet mnist() {
        return Datasets.load("mnist", Datasets.Split.TRAIN, dataFolder());
    }

    /** The first {@code limit} digits of MNIST's training set, from the shared data. */
    public static ImageSet mnist(int limit) {
        return mnist().limit(limit);
    }

    public static Path require(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException("Test needs " + path + ", which does not exist");
        }
        return path;
    }
}
