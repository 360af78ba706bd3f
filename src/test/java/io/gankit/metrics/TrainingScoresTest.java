package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.ImageSet;
import io.gankit.nn.ModelSpec;
import io.gankit.train.Checkpoint;
import io.gankit.train.GanGame;
import io.gankit.train.GanTrainer;
import io.gankit.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingScoresTest {
    static final int N = 64;
    static final int DIM = 4;

    /**
     * A detector whose features are a fixed sample shifted by a scripted offset per call, so the FID
     * of call k is exactly offset[k]^2 * DIM (same covariance, means apart by offset in each dimension).
     */
    static final class ScriptedDetector implements Detector {
        final float[] base;
        final double[] offsets;
        int calls;

        ScriptedDetector(double... offsets) {
            this.offsets = offsets;
            SplittableRandom r = new SplittableRandom(3);
            base = new float[N * DIM];
            for (int i = 0; i < base.length; i++) {
                base[i] = (float) r.nextGaussian();
            }
        }

        Features reference() {
            return new Features(base.clone(), N, DIM);
        }

        @Override
        public Features features(NDArray images) {
            assertEquals(N, images.getShape().get(0));
            float[] f = base.clone();
            for (int i = 0; i < f.length; i++) {
                f[i] += (float) offsets[calls];
            }
            calls++;
            return new Features(f, N, DIM);
        }

        @Override
        public Features probabilities(NDArray images) {
            float[] p = new float[N * 2];
            Arrays.fill(p, 0.5f);
            return new Features(p, N, 2);
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public String sha256() {
            return "0";
        }

        @Override
        public String resizing() {
            return "none";
        }

        @Override
        public void close() {}
    }

    @Test
    void theBestCheckpointIsTheStepWithTheLowestFid(@TempDir Path run) throws Exception {
        ImageSet mnist = TestPaths.mnist(640);
        // Scores at steps 0 (untrained, never "best"), 2, 4, 6, 8, 10: the lowest FID is at step 6.
        ScriptedDetector detector = new ScriptedDetector(0.1, 3, 2, 0.5, 1, 2.5);
        TrainConfig config = TrainConfig.builder()
                .optBatchSize(64)
                .optEpochs(1)
                .optSamples(4)
                .build();
        TrainingScores scores = TrainingScores.builder()
                .setDetector(detector)
                .setReference(detector.reference())
                .optEvery(2)
                .optSamples(N)
                .optRunFolder(run)
                .build();
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<GanGame> t = GanTrainer.create(config, mnist, m)) {
            t.addListener(scores).fit();
        }
        assertEquals(6, scores.table().rowCount());
        assertEquals(
                3 * 3 * DIM,
                scores.table().doubleColumn("fid").getDouble(1),
                1e-4,
                "FID = offset^2 * dim");
        assertEquals(
                1,
                scores.table().doubleColumn("is").getDouble(1),
                1e-9,
                "uniform probabilities: IS 1");
        assertEquals(6, scores.bestStep());
        assertEquals(6, Checkpoint.stepIn(run.resolve(Checkpoint.BEST)));
        assertTrue(Files.isRegularFile(run.resolve("best/generator.params")));
        assertTrue(Files.readString(run.resolve(TrainingScores.FILE))
                .startsWith("step,fid,is,coverage\n0,"));
        List<String> lines = Files.readAllLines(run.resolve(TrainingScores.FILE));
        assertEquals(7, lines.size());
        assertTrue(
                lines.get(2).startsWith("2,") && lines.get(2).endsWith(",1"),
                "a whole count is written without .0, as in a history: " + lines.get(2));
        assertEquals(
                1,
                scores.table().doubleColumn("coverage").getDouble(1),
                0.0,
                "ties go to class 0: one class");
    }

    /** A detector that calls every image class 3; its features are the images' first pixels. */
    static final class AlwaysThree implements Detector {
        @Override
        public Features features(NDArray images) {
            int n = (int) images.getShape().get(0);
            float[] pixels = images.toType(DataType.FLOAT32, false)
                    .reshape(n, -1)
                    .get(":, :4")
                    .toFloatArray();
            return new Features(pixels, n, 4);
        }

        @Override
        public Features probabilities(NDArray images) {
            int n = (int) images.getShape().get(0);
            float[] p = new float[n * 10];
            for (int i = 0; i < n; i++) {
                p[i * 10 + 3] = 1;
            }
            return new Features(p, n, 10);
        }

        @Override
        public String name() {
            return "always-three";
        }

        @Override
        public String sha256() {
            return "0";
        }

        @Override
        public String resizing() {
            return "none";
        }

        @Override
        public void close() {}
    }

    @Test
    void aConditionalGanIsAlsoScoredByClassAgreement(@TempDir Path run) throws Exception {
        ImageSet mnist = TestPaths.mnist(256);
        TrainConfig config = TrainConfig.builder()
                .setModel(new ModelSpec("conditional-mlp", 100, 1, 28, 28, 10))
                .optBatchSize(64)
                .optEpochs(1)
                .optSamples(10)
                .build();
        AlwaysThree detector = new AlwaysThree();
        TrainingScores scores;
        try (NDManager m = NDManager.newBaseManager();
                NDArray real = mnist.uint8(m)) {
            scores = TrainingScores.builder()
                    .setDetector(detector)
                    .setReference(detector.features(real))
                    .optSamples(100)
                    .optRunFolder(run)
                    .build();
            try (GanTrainer<GanGame> t = GanTrainer.create(config, mnist, m)) {
                t.addListener(scores).fit();
            }
        }
        // 10 images of each class asked for, all called "3": only the threes agree
        assertEquals(2, scores.table().rowCount(), "untrained and after the epoch");
        assertEquals(0.1, scores.table().doubleColumn("agreement").getDouble(1), 1e-12);
        assertTrue(Files.readString(run.resolve(TrainingScores.FILE))
                .startsWith("step,fid,is,coverage,agreement\n"));
    }

    @Test
    void aFurtherDetectorScoresTheSameImagesUnderItsPrefix(@TempDir Path run) throws Exception {
        ImageSet mnist = TestPaths.mnist(128);
        ScriptedDetector domain = new ScriptedDetector(0.1, 3);
        ScriptedDetector standard = new ScriptedDetector(1, 2);
        TrainConfig config = TrainConfig.builder()
                .optBatchSize(64)
                .optEpochs(1)
                .optSamples(4)
                .build();
        TrainingScores scores = TrainingScores.builder()
                .setDetector(domain)
                .setReference(domain.reference())
                .optAlso("inception_", standard, standard.reference())
                .optSamples(N)
                .optRunFolder(run)
                .build();
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<GanGame> t = GanTrainer.create(config, mnist, m)) {
            t.addListener(scores).fit();
        }
        assertEquals(2, scores.table().rowCount(), "untrained and after the epoch");
        assertEquals(2, standard.calls, "one call per score");
        assertEquals(3 * 3 * DIM, scores.table().doubleColumn("fid").getDouble(1), 1e-4);
        assertEquals(1 * 1 * DIM, scores.table().doubleColumn("inception_fid").getDouble(0), 1e-4);
        assertEquals(2 * 2 * DIM, scores.table().doubleColumn("inception_fid").getDouble(1), 1e-4);
        assertEquals(1, scores.table().doubleColumn("inception_is").getDouble(1), 1e-9);
        assertTrue(Files.readString(run.resolve(TrainingScores.FILE))
                .startsWith("step,fid,is,coverage,inception_fid,inception_is\n"));
    }

    @Test
    void aFurtherDetectorNeedsAPrefixEndingInUnderscore() {
        ScriptedDetector d = new ScriptedDetector(0);
        BadInputException e = Assertions.assertThrows(
                BadInputException.class,
                () -> TrainingScores.builder().optAlso("inception", d, d.reference()));
        assertTrue(e.getMessage().contains("'inception'"), e.getMessage());
    }

    @Test
    void coverageCountsClassesWithHalfTheirFairShare() {
        // 10 images, 4 classes: a fair share is 2.5, half of it 1.25, so a class needs 2 images.
        float[] p = new float[10 * 4];
        int[] labels = {0, 0, 0, 0, 0, 1, 1, 2, 0, 3};
        for (int i = 0; i < labels.length; i++) {
            p[i * 4 + labels[i]] = 1;
        }
        assertEquals(2, TrainingScores.coverage(new Features(p, 10, 4)));
    }
}
