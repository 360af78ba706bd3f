package io.gankit.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.gankit.BadInputException;
import io.gankit.engine.FreedBuffers;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LossesTest {
    static NDManager manager;
    // Logits and the probabilities D = sigmoid(logit) they stand for.
    static final float[] REAL = {2.0f, -1.0f, 0.5f};
    static final float[] FAKE = {-3.0f, 0.0f, 1.5f};

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static double meanOf(float[] xs, DoubleUnaryOperator f) {
        double s = 0;
        for (float x : xs) {
            s += f.applyAsDouble(x);
        }
        return s / xs.length;
    }

    @Test
    void nonSaturatingMatchesBinaryCrossEntropyByHand() {
        GanLoss loss = Losses.nonSaturating();
        double expectedD = meanOf(REAL, x -> -Math.log(sigmoid(x)))
                + meanOf(FAKE, x -> -Math.log(1 - sigmoid(x)));
        double expectedG = meanOf(FAKE, x -> -Math.log(sigmoid(x)));
        assertEquals(expectedD, d(loss), 1e-6);
        assertEquals(expectedG, g(loss), 1e-6);
        assertTrue(loss.probabilistic());
    }

    @Test
    void minimaxGeneratorMinimisesLogOneMinusD() {
        GanLoss loss = Losses.minimax();
        assertEquals(meanOf(FAKE, x -> Math.log(1 - sigmoid(x))), g(loss), 1e-6);
        assertEquals(d(Losses.nonSaturating()), d(loss), 1e-7);
    }

    @Test
    void atEquilibriumTheDiscriminatorLossIsLogFour() {
        // D = 1/2 everywhere: -log(1/2) - log(1/2) = log 4, the value -V = log 4 of Goodfellow et
        // al.
        NDArray zeros = manager.zeros(new Shape(5, 1));
        assertEquals(
                Math.log(4),
                Losses.nonSaturating().discriminatorLoss(zeros, zeros).getFloat(),
                1e-6);
    }

    @Test
    void lossesStayFiniteForExtremeLogits() {
        NDArray huge = manager.create(new float[] {1e4f, -1e4f});
        for (String name : Losses.NAMES) {
            GanLoss loss = Losses.named(name);
            float d = loss.discriminatorLoss(huge, huge.neg()).getFloat();
            float g = loss.generatorLoss(huge.neg()).getFloat();
            assertTrue(Float.isFinite(d) && Float.isFinite(g), name + ": " + d + ", " + g);
        }
        // -log D for a logit of -1e4 is 1e4, not infinity
        assertEquals(1e4f, Losses.softplus(manager.create(new float[] {1e4f})).getFloat(), 1e-2f);
    }

    @Test
    void wassersteinHingeAndLeastSquaresByHand() {
        double meanReal = meanOf(REAL, x -> x);
        double meanFake = meanOf(FAKE, x -> x);
        assertEquals(meanFake - meanReal, d(Losses.wasserstein()), 1e-6);
        assertEquals(-meanFake, g(Losses.wasserstein()), 1e-6);
        assertEquals(
                meanOf(REAL, x -> Math.max(0, 1 - x)) + meanOf(FAKE, x -> Math.max(0, 1 + x)),
                d(Losses.hinge()),
                1e-6);
        assertEquals(
                0.5 * (meanOf(REAL, x -> (x - 1) * (x - 1)) + meanOf(FAKE, x -> x * x)),
                d(Losses.leastSquares()),
                1e-6);
        assertEquals(0.5 * meanOf(FAKE, x -> (x - 1) * (x - 1)), g(Losses.leastSquares()), 1e-6);
        assertFalse(Losses.wasserstein().probabilistic());
    }

    @Test
    void everyLossKeepsItsGradientWhenFreedBuffersAreReusedBeforeTheBackwardPass() {
        // In training the collector runs between a step's forward and backward passes; a number
        // the graph did not keep alive would then be read from reused memory (see Scalars).
        for (String name : Losses.NAMES) {
            GanLoss loss = Losses.named(name);
            assertArrayEquals(logitGradients(loss, false), logitGradients(loss, true), 0f, name);
        }
    }

    /** d/d(logits) of D's loss (real, then fake) and G's loss (fake), concatenated. */
    static float[] logitGradients(GanLoss loss, boolean reuseFreedBuffers) {
        try (NDManager m = manager.newSubManager()) {
            NDArray real = m.create(REAL);
            NDArray fake = m.create(FAKE);
            real.setRequiresGradient(true);
            fake.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray total = loss.discriminatorLoss(real, fake).add(loss.generatorLoss(fake));
                if (reuseFreedBuffers) {
                    FreedBuffers.reuse();
                }
                c.backward(total);
            }
            return real.getGradient().concat(fake.getGradient()).toFloatArray();
        }
    }

    @Test
    void unknownLossNamesTheChoices() {
        BadInputException e =
                assertThrows(BadInputException.class, () -> Losses.named("wgan-typo"));
        assertTrue(e.getMessage().contains("non-saturating"), e.getMessage());
    }

    static double d(GanLoss loss) {
        try (NDManager m = manager.newSubManager()) {
            return loss.discriminatorLoss(m.create(REAL), m.create(FAKE)).getFloat();
        }
    }

    static double g(GanLoss loss) {
        try (NDManager m = manager.newSubManager()) {
            return loss.generatorLoss(m.create(FAKE)).getFloat();
        }
    }
}
