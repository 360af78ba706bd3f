package io.gankit.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ScalarsTest {
    private static final float[] X = {1f, -2f, 3f, -4f, 0.5f};

    /** The gradient of {@code sum(f(x))} at {@link #X}, with freed buffers reused before the backward pass. */
    private static float[] gradientAfterReuse(UnaryOperator<NDArray> f) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(X);
            x.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(x).sum();
                FreedBuffers.reuse();
                c.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    void theEnginesOwnNumberOverloadLosesItsOperandBeforeTheBackwardPass() {
        // Why Scalars exists: DJL 0.35.1 wraps the number in a Java buffer it frees. Should this
        // start failing after an upgrade, the engine keeps the operand and Scalars can go.
        int wrong = 0;
        for (int trial = 0; trial < 5; trial++) {
            float[] g = gradientAfterReuse(x -> x.mul(0.5f));
            if (g[0] != 0.5f) {
                wrong++;
            }
        }
        assertTrue(wrong > 0, "x.mul(0.5f) kept its gradient of 0.5 in 5 of 5 trials");
    }

    @Test
    void gradientsSurviveTheReuseOfFreedBuffers() {
        for (int trial = 0; trial < 3; trial++) {
            assertArrayEquals(
                    new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.5f},
                    gradientAfterReuse(x -> Scalars.times(x, 0.5)));
            assertArrayEquals(
                    new float[] {0.25f, 0.25f, 0.25f, 0.25f, 0.25f},
                    gradientAfterReuse(x -> Scalars.over(x, 4)));
            assertArrayEquals(
                    new float[] {1, 0, 1, 0, 1}, gradientAfterReuse(x -> Scalars.max(x, 0)));
            assertArrayEquals(
                    new float[] {0, 1, 0, 1, 0}, gradientAfterReuse(x -> Scalars.min(x, 0)));
            // a tie splits the gradient, as the engine's maximum and minimum do
            assertArrayEquals(
                    new float[] {0.5f, 0, 1, 0, 0}, gradientAfterReuse(x -> Scalars.max(x, 1)));
            assertArrayEquals(
                    new float[] {0.5f, 1, 0, 1, 1}, gradientAfterReuse(x -> Scalars.min(x, 1)));
        }
    }

    @Test
    void valuesAreTheArithmetic() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(X);
            assertArrayEquals(
                    new float[] {3f, -6f, 9f, -12f, 1.5f}, Scalars.times(x, 3).toFloatArray());
            assertArrayEquals(
                    new float[] {0.5f, -1f, 1.5f, -2f, 0.25f},
                    Scalars.over(x, 2).toFloatArray());
            assertArrayEquals(
                    new float[] {1f, 0f, 3f, 0f, 0.5f}, Scalars.max(x, 0).toFloatArray());
            assertArrayEquals(
                    new float[] {0f, -2f, 0f, -4f, 0f}, Scalars.min(x, 0).toFloatArray());
        }
    }
}
