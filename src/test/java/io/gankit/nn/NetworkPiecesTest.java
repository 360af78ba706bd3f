package io.gankit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.gankit.BadInputException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NetworkPiecesTest {
    static long trainable(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    @Test
    void papersNetworkSizes() {
        try (NDManager m = NDManager.newBaseManager();
                Gan gan = Gan.create(new ModelSpec("mlp2d", 2, 2, 1, 1, 0), m, 1);
                Gan pac4 = Gan.create(new ModelSpec("mlp2d-pac4", 2, 2, 1, 1, 0), m, 1)) {
            // G: 2x400 + 3 x 400x400 (no biases) + 4 BatchNorms x (400 scales + 400 shifts) + 400x2
            // + 2
            assertEquals(
                    2 * 400 + 3 * 400 * 400 + 4 * 800 + 400 * 2 + 2, trainable(gan.generator()));
            // D: maxout (in x 1000 + 1000), two of (200 x 1000 + 1000), then 200 + 1
            assertEquals(
                    2 * 1000 + 1000 + 2 * (200 * 1000 + 1000) + 201,
                    trainable(gan.discriminator()));
            assertEquals(
                    8 * 1000 + 1000 + 2 * (200 * 1000 + 1000) + 201,
                    trainable(pac4.discriminator()));
            try (NDManager s = m.newSubManager()) {
                NDArray points = s.randomNormal(new Shape(12, 2, 1, 1));
                assertEquals(new Shape(12, 1), gan.discriminate(points, false).getShape());
                assertEquals(new Shape(3, 1), pac4.discriminate(points, false).getShape());
                NDArray z = gan.latent(s, 5, new SplittableRandom(1));
                assertEquals(new Shape(5, 2, 1, 1), gan.generate(z, true).getShape());
                assertThrows(
                        BadInputException.class, () -> pac4.discriminate(points.get("0:6"), false));
            }
        }
        assertThrows(
                BadInputException.class,
                () -> Gan.create(
                        new ModelSpec("mlp2d", 2, 1, 28, 28, 0), NDManager.newBaseManager(), 1));
    }

    @Test
    void packingConcatenatesConsecutiveSamples() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block inner = new SequentialBlock()
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(1).optBias(false).build());
            Packed packed = new Packed(2, inner);
            packed.initialize(m, DataType.FLOAT32, new Shape(2, 2, 1, 1));
            Parameter w = inner.getParameters().get(0).getValue();
            w.getArray().set(new float[] {1, 10, 100, 1000});
            NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new Shape(4, 2, 1, 1));
            NDArray out = packed.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow();
            assertEquals(new Shape(2, 1), out.getShape());
            assertArrayEquals(
                    new float[] {1 + 20 + 300 + 4000, 5 + 60 + 700 + 8000}, out.toFloatArray());
        }
    }

    @Test
    void minibatchStdAppendsTheMeanFeatureStd() {
        try (NDManager m = NDManager.newBaseManager()) {
            MinibatchStd block = new MinibatchStd();
            block.initialize(m, DataType.FLOAT32, new Shape(2, 2));
            // feature 0: {0, 2} has std 1; feature 1: {0, 4} has std 2; mean 1.5
            NDArray x = m.create(new float[] {0, 0, 2, 4}, new Shape(2, 2));
            NDArray out = block.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow();
            assertEquals(new Shape(2, 3), out.getShape());
            assertArrayEquals(new float[] {0, 0, 1.5f, 2, 4, 1.5f}, out.toFloatArray(), 1e-5f);
            assertEquals(
                    new Shape(7, 4, 5, 5),
                    block.getOutputShapes(new Shape[] {new Shape(7, 3, 5, 5)})[0]);
        }
    }
}
