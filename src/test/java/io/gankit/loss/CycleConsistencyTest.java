package io.gankit.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.gankit.BadInputException;
import io.gankit.engine.FreedBuffers;
import io.gankit.engine.Scalars;
import java.util.List;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/** CycleGAN's L1 losses: values by hand, and gradients that hold when freed buffers are reused. */
class CycleConsistencyTest {
    static final float[] X = {0.5f, -1.0f, 0.25f, 0.0f, 0.9f, -0.3f};
    static final float[] Y = {0.0f, -0.5f, 1.0f, 0.0f, -0.1f, -0.3f};

    @Test
    void bothLossesAreTheMeanAbsoluteDifference() {
        // |0.5| + |-0.5| + |-0.75| + 0 + |1.0| + 0 = 2.75 over 6 values
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(X, new Shape(1, 1, 2, 3));
            NDArray y = m.create(Y, new Shape(1, 1, 2, 3));
            assertEquals(2.75 / 6, CycleConsistency.cycle(x, y).getFloat(), 1e-7);
            assertEquals(2.75 / 6, CycleConsistency.identity(x, y).getFloat(), 1e-7);
            assertEquals(0f, CycleConsistency.cycle(x, x).getFloat());
            BadInputException e = assertThrows(
                    BadInputException.class,
                    () -> CycleConsistency.cycle(x, m.zeros(new Shape(1, 1, 3, 2))));
            assertTrue(e.getMessage().contains("same shape"), e.getMessage());
        }
    }

    @Test
    void weightedGradientsAreTheSignOverTheCountWithFreedBuffersReused() {
        for (BinaryOperator<NDArray> loss : List.<BinaryOperator<NDArray>>of(
                CycleConsistency::cycle, CycleConsistency::identity)) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.create(X, new Shape(2, 3));
                NDArray y = m.create(Y, new Shape(2, 3));
                x.setRequiresGradient(true);
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    // weighted as CycleGanGame weighs it: the weight must outlive the collection
                    NDArray l = Scalars.times(loss.apply(x, y), 10);
                    FreedBuffers.reuse(); // what a collection between the passes would do
                    c.backward(l);
                }
                float[] g = x.getGradient().toFloatArray();
                for (int i = 0; i < X.length; i++) {
                    double expected = 10 * Math.signum(X[i] - Y[i]) / X.length;
                    assertEquals(expected, g[i], 1e-7, "d loss / d x[" + i + "]");
                }
            }
        }
    }
}
