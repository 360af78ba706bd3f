package io.gankit.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.gankit.BadInputException;
import io.gankit.engine.Scalars;
import org.junit.jupiter.api.Test;

/** SRGAN's content losses against values and gradients worked out by hand. */
class ContentLossTest {
    /** A feature map a hand can follow: each pixel doubled, plus the sum of each row's pixels. */
    private static final FeatureMap DOUBLE_AND_ROW_SUMS = new FeatureMap() {
        @Override
        public NDArray apply(NDArray images) {
            long n = images.getShape().get(0);
            return Scalars.times(images, 2)
                    .reshape(n, -1)
                    .concat(images.sum(new int[] {3}).reshape(n, -1), 1);
        }

        @Override
        public String name() {
            return "double+rows";
        }
    };

    @Test
    void pixelLossIsTheMeanSquaredDifference() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray sr = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            NDArray hr = m.create(new float[] {0, 2, 5, 4}, new Shape(1, 1, 2, 2));
            // (1^2 + 0 + 2^2 + 0) / 4
            assertEquals(1.25f, ContentLoss.pixels().loss(sr, hr).getFloat(), 1e-6);
            assertEquals("pixel-mse", ContentLoss.pixels().name());
        }
    }

    @Test
    void featureLossComparesRescaledFeaturesAndTrainsOnlyTheSuperResolvedImage() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray sr = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            NDArray hr = m.create(new float[] {0, 2, 5, 4}, new Shape(1, 1, 2, 2));
            sr.setRequiresGradient(true);
            hr.setRequiresGradient(true);
            ContentLoss loss = ContentLoss.features(DOUBLE_AND_ROW_SUMS, 0.5);
            assertTrue(loss.name().startsWith("double+rows x 0.5"), loss.name());
            float value;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.loss(sr, hr);
                c.backward(l);
                value = l.getFloat();
            }
            // SR - HR = (1, 0, -2, 0). Features: 2x the pixels (2, 0, -4, 0) and the row sums
            // (1 + 0, -2 + 0) = (1, -2); rescaled by 0.5: (1, 0, -2, 0, 0.5, -1).
            // Mean of squares: (1 + 0 + 4 + 0 + 0.25 + 1) / 6 = 6.25 / 6.
            assertEquals(6.25f / 6, value, 1e-6);
            // d/dSR: (2 / 6) * sum over features of rescaled difference x d(feature)/d(pixel),
            // d(doubled)/d(pixel) = 0.5 * 2 = 1 and d(row sum)/d(pixel) = 0.5:
            // pixel (0,0): 1*1 + 0.5*0.5 = 1.25; (0,1): 0 + 0.25 = 0.25; (1,0): -2 - 0.5 = -2.5;
            // (1,1): 0 - 0.5 = -0.5; each times 2/6.
            float[] expected = {1.25f / 3, 0.25f / 3, -2.5f / 3, -0.5f / 3};
            assertArrayEquals(expected, sr.getGradient().toFloatArray(), 1e-6f);
            assertArrayEquals(
                    new float[4],
                    hr.getGradient().toFloatArray(),
                    0f,
                    "the original is a constant: no gradient reaches it");
        }
    }

    @Test
    void aBadRescaleOrMismatchedShapesAreRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            BadInputException e = assertThrows(
                    BadInputException.class, () -> ContentLoss.features(DOUBLE_AND_ROW_SUMS, 0));
            assertTrue(e.getMessage().contains("1/12.75"), e.getMessage());
            assertThrows(
                    BadInputException.class,
                    () -> ContentLoss.pixels()
                            .loss(m.zeros(new Shape(1, 1, 2, 2)), m.zeros(new Shape(1, 1, 4, 4))));
        }
    }
}
