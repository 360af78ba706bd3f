package io.gankit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The weight average of G (EMA): a copy that starts at G and follows it by avg = d * avg + (1 - d) * G. */
class AveragedGeneratorTest {
    static List<Parameter> parameters(Block b) {
        return b.getParameters().stream().map(Pair::getValue).toList();
    }

    @Test
    void theAverageStartsAtGAndMovesByTheFormulaByHand() {
        try (NDManager m = NDManager.newBaseManager();
                Gan gan = Gan.create(new ModelSpec("dcgan", 8, 3, 32, 32, 0), m, 4);
                Gan avg = gan.averagedGenerator(m)) {
            List<Parameter> g = parameters(gan.generator());
            List<Parameter> a = parameters(avg.generator());
            assertEquals(g.size(), a.size());
            for (int i = 0; i < g.size(); i++) {
                assertArrayEquals(
                        g.get(i).getArray().toFloatArray(), a.get(i).getArray().toFloatArray());
                assertFalse(a.get(i).requiresGradient(), "the average never trains");
            }
            assertSame(gan.discriminator(), avg.discriminator());
            // G moves to known values; the average takes a tenth of the way.
            NDArray w = g.get(0).getArray();
            float[] before = w.toFloatArray();
            float[] moved = new float[before.length];
            for (int k = 0; k < moved.length; k++) {
                moved[k] = before[k] + (k % 3) - 1;
            }
            w.set(moved);
            avg.average(gan, 0.9f);
            float[] averaged = a.get(0).getArray().toFloatArray();
            for (int k = 0; k < moved.length; k++) {
                assertEquals(0.9f * before[k] + 0.1f * moved[k], averaged[k], 1e-6f, "value " + k);
            }
            // Twice more with G fixed: (x - G) shrinks by 0.9 each time.
            avg.average(gan, 0.9f);
            avg.average(gan, 0.9f);
            float[] thrice = a.get(0).getArray().toFloatArray();
            for (int k = 0; k < moved.length; k++) {
                float expected = moved[k] + 0.9f * 0.9f * 0.9f * (before[k] - moved[k]);
                assertEquals(expected, thrice[k], 1e-5f, "value " + k);
            }
            // Parameters G did not change stay where they were.
            assertArrayEquals(
                    g.get(1).getArray().toFloatArray(), a.get(1).getArray().toFloatArray(), 1e-6f);
        }
    }
}
