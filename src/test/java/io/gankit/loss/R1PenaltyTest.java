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
import io.gankit.GankitException;
import org.junit.jupiter.api.Test;

/** R1 by hand: the squared input-gradient norm of known critics, and its own gradient reaching D's weights. */
class R1PenaltyTest {
    @Test
    void theSquaredGradientNormOfKnownCriticsAndItsGradientToTheWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            // D(x) = sum_j a_j x_j^2 per sample: grad = 2 a x, so ||grad||^2 = 4 sum a^2 x^2
            NDArray a = m.create(new float[] {1, -2, 0.5f}, new Shape(1, 3));
            a.setRequiresGradient(true);
            NDArray x = m.create(new float[] {1, 1, 2, 0, 3, -1}, new Shape(2, 3));
            x.setRequiresGradient(true);
            float norm;
            float penalty;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = x.square().mul(a).sum(new int[] {1}, true);
                NDArray n = R1Penalty.squaredGradientNorm(logits, x);
                norm = n.getFloat();
                NDArray p = new R1Penalty(0.5).penalty(logits, x, 4);
                penalty = p.getFloat();
                gc.backward(p);
            }
            // sample 1: 4 (1 + 4 + 1) = 24; sample 2: 4 (0 + 36 + 0.25) = 145; mean 84.5
            assertEquals(84.5f, norm, 1e-4f);
            // gamma / 2 * weight * norm = 0.25 * 4 * 84.5
            assertEquals(84.5f, penalty, 1e-4f);
            // d penalty / d a_j = 1 * mean over samples of 8 a_j x_j^2
            assertArrayEquals(
                    new float[] {
                        (8 * 1 * 1 + 0) / 2f,
                        (8 * -2 * 1 + 8 * -2 * 9) / 2f,
                        (8 * 0.5f * 4 + 8 * 0.5f) / 2f
                    },
                    a.getGradient().toFloatArray(),
                    1e-3f);
        }
    }

    @Test
    void misuseIsRefusedSayingWhatToDo() {
        assertThrows(BadInputException.class, () -> new R1Penalty(0));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(2, 3));
            GankitException off = assertThrows(
                    GankitException.class,
                    () -> R1Penalty.squaredGradientNorm(x.sum(new int[] {1}), x));
            assertTrue(off.getMessage().contains("GradientCollector"), off.getMessage());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                BadInputException no = assertThrows(
                        BadInputException.class,
                        () -> R1Penalty.squaredGradientNorm(x.sum(new int[] {1}), x));
                assertTrue(no.getMessage().contains("setRequiresGradient"), no.getMessage());
            }
        }
    }
}
