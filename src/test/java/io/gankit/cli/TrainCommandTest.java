package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDManager;
import io.gankit.TestPaths;
import io.gankit.data.ImageSet;
import io.gankit.nn.Gan;
import io.gankit.nn.ImageSampler;
import io.gankit.train.Run;
import io.gankit.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @Test
    void aResumedRunReadsTheDataFolderItRecorded(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectory(tmp.resolve("my-data"));
        Path run = Files.createDirectory(tmp.resolve("run"));
        Files.writeString(run.resolve(TrainCommand.DATA_FOLDER_FILE), data + "\n");
        assertEquals(data, TrainCommand.dataFolder(null, run).root());
        Path other = Files.createDirectory(tmp.resolve("other"));
        assertEquals(other, TrainCommand.dataFolder(other, run).root(), "--data wins");
        Files.writeString(run.resolve(TrainCommand.DATA_FOLDER_FILE), tmp.resolve("gone") + "\n");
        assertEquals(
                io.gankit.data.DataFolder.resolve(null).root(),
                TrainCommand.dataFolder(null, run).root(),
                "a recorded folder that is gone falls back to the usual one");
    }

    @Test
    void eachModelTrainsWithItsOwnBatchSizeByDefault() {
        Args none = TrainCommand.FLAGS.parse();
        assertEquals(128, TrainCommand.config(none, "mnist").batchSize());
        Args cifar = TrainCommand.FLAGS.parse("--model", "cifar-seed");
        assertEquals(32, TrainCommand.config(cifar, "cifar10").batchSize());
        Args dcgan = TrainCommand.FLAGS.parse("--model", "dcgan", "--batch", "16");
        assertEquals(16, TrainCommand.config(dcgan, "cifar10").batchSize());
    }

    @Test
    void aGanRunThatKeepsAWeightAverageGivesEvaluateBothGenerators(@TempDir Path tmp) {
        TrainConfig plain = TrainConfig.builder()
                .optBatchSize(64)
                .optEpochs(1)
                .optMaxSteps(3)
                .optSeed(5)
                .build();
        TrainConfig averaged = plain.toBuilder().optEmaDecay(0.5).build();
        ImageSet mnist = TestPaths.mnist(256);
        for (TrainConfig c : java.util.List.of(plain, averaged)) {
            try (NDManager m = NDManager.newBaseManager();
                    Run run = Run.start(tmp.resolve("ema-" + c.emaDecay()), c, mnist, m)) {
                run.train();
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, ImageSampler> one =
                    TrainCommand.loadGenerators(tmp.resolve("ema-0.0"), TestPaths.dataFolder(), m);
            assertEquals(java.util.List.of(""), java.util.List.copyOf(one.keySet()));
            Map<String, ImageSampler> two =
                    TrainCommand.loadGenerators(tmp.resolve("ema-0.5"), TestPaths.dataFolder(), m);
            assertEquals(
                    java.util.List.of("trained G", "weight average"),
                    java.util.List.copyOf(two.keySet()));
            // the trained G is the run's final generator; the average draws other images
            Gan gan = Run.loadGan(tmp.resolve("ema-0.5"), m);
            float[] trained =
                    two.get("trained G").generate(m, 4, new SplittableRandom(9)).toFloatArray();
            assertArrayEquals(
                    gan.generate(m, 4, new SplittableRandom(9)).toFloatArray(), trained, 1e-6f);
            float[] average = two.get("weight average")
                    .generate(m, 4, new SplittableRandom(9))
                    .toFloatArray();
            assertFalse(Arrays.equals(trained, average), "the average is not the trained G");
        }
    }
}
