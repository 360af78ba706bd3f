package io.gankit.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.gankit.TestPaths;
import io.gankit.data.ImageSet;
import io.gankit.train.GanGame;
import io.gankit.train.GanTrainer;
import io.gankit.train.TrainConfig;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A short seeded conditional run on MNIST zeros and ones honours the label it is given. */
class ConditionalTrainingTest {
    @Test
    void generatedImagesLookLikeTheRequestedClass() {
        ImageSet mnist = TestPaths.mnist();
        ImageSet zeros = mnist.ofLabel(0).limit(3000);
        ImageSet ones = mnist.ofLabel(1).limit(3000);
        int bytes = zeros.imageBytes();
        byte[] pixels = new byte[(zeros.size() + ones.size()) * bytes];
        int[] labels = new int[zeros.size() + ones.size()];
        float[][] classMean = new float[2][bytes];
        int i = 0;
        for (ImageSet part : List.of(zeros, ones)) {
            int label = part == zeros ? 0 : 1;
            for (int k = 0; k < part.size(); k++, i++) {
                labels[i] = label;
                for (int p = 0; p < bytes; p++) {
                    int v = part.pixel(k, 0, p / 28, p % 28);
                    pixels[i * bytes + p] = (byte) v;
                    classMean[label][p] += (v / 127.5f - 1f) / part.size();
                }
            }
        }
        ImageSet data = ImageSet.create("mnist 0/1", pixels, labels, 1, 28, 28, List.of("0", "1"));
        TrainConfig config = TrainConfig.builder()
                .setModel(new ModelSpec("conditional-mlp", 100, 1, 28, 28, 2))
                .optBatchSize(64)
                .optEpochs(1000)
                .optMaxSteps(1500)
                .optSeed(3)
                .build();
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<GanGame> t = GanTrainer.create(config, data, m)) {
            t.fit();
            ConditionalSampler sampler = new ConditionalSampler(t.game().gan());
            int right = 0;
            int n = 100;
            for (int label = 0; label < 2; label++) {
                NDArray images = sampler.generate(m, label, n, new SplittableRandom(label));
                float[] v = images.toFloatArray();
                for (int s = 0; s < n; s++) {
                    double[] dist = new double[2];
                    for (int c = 0; c < 2; c++) {
                        for (int p = 0; p < bytes; p++) {
                            double d = v[s * bytes + p] - classMean[c][p];
                            dist[c] += d * d;
                        }
                    }
                    int nearest = dist[0] <= dist[1] ? 0 : 1;
                    right += nearest == label ? 1 : 0;
                }
            }
            // Nearest real class mean agrees with the requested label; chance would be 50%.
            assertTrue(
                    right >= 0.9 * 2 * n,
                    right + " of " + 2 * n + " generated images nearest their class");
        }
    }
}
