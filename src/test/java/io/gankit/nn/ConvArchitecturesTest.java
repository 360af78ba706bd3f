package io.gankit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import io.gankit.BadInputException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConvArchitecturesTest {
    @Test
    void seedCifarModelHasTheShapesAndParameterCountOfThePyTorchSeed() {
        // Generator: Linear(100, 8192) 827,392 + Conv 128-128 3x3 147,584 + BN 256 + Conv 128-64
        // 73,792
        // + BN 128 + Conv 64-3 1,731 = 1,050,883.
        // Discriminator: Conv 3-32 896 + Conv 32-64 18,496 + BN 128 + Conv 64-128 73,856 + BN 256
        // + Conv 128-256 295,168 + BN 512 + Linear(6400, 1) 6,401 = 395,713.
        // (bench/peer_conv.py --model cifar-seed --params prints the same from PyTorch.)
        checkModel(new ModelSpec("cifar-seed", 100, 3, 32, 32, 0), 1_050_883, 395_713);
    }

    @Test
    void dcganHasTheShapesAndParameterCountOfPyTorchsDcgan() {
        // 32x32x3, no biases. G: ConvT 100-256 k4 409,600 + BN 512 + ConvT 256-128 524,288 + BN 256
        // + ConvT 128-64 131,072 + BN 128 + ConvT 64-3 3,072 = 1,068,928.
        // D: Conv 3-64 k4 3,072 + Conv 64-128 131,072 + BN 256 + Conv 128-256 524,288 + BN 512
        // + Conv 256-1 4,096 = 663,296.
        checkModel(new ModelSpec("dcgan", 100, 3, 32, 32, 0), 1_068_928, 663_296);
        // 28x28x1. G: ConvT 100-256 k7 1,254,400 + BN 512 + ConvT 256-128 524,288 + BN 256
        // + ConvT 128-1 2,048 = 1,781,504. D: Conv 1-64 1,024 + Conv 64-128 131,072 + BN 256
        // + Conv 128-1 k7 6,272 = 138,624.
        checkModel(new ModelSpec("dcgan", 100, 1, 28, 28, 0), 1_781_504, 138_624);
    }

    @Test
    void seedCifarModelAlsoBuildsForMnist() {
        // G's Linear becomes 100 x 128*7*7 (+bias) = 633,472; the rest as for CIFAR-10 but a
        // 1-channel
        // output conv (577): 633,472 + 147,584 + 256 + 73,792 + 128 + 577 = 855,809. D: first conv
        // 1-32 (320); 28 -> 14 -> 7 -> pad 8 -> 4, so Linear(256*4*4, 1) = 4,097:
        // 320 + 18,496 + 128 + 73,856 + 256 + 295,168 + 512 + 4,097 = 392,833.
        checkModel(new ModelSpec("cifar-seed", 100, 1, 28, 28, 0), 855_809, 392_833);
    }

    @Test
    void conditionalMlpHasTheShapesAndParameterCountOfTheConditionalSeed() {
        // G: Embedding(10, 10) 100 + Linear(110, 256) 28,416 + (256, 512) 131,584 + (512, 1024)
        // 525,312
        // + (1024, 784) 803,600 = 1,489,012. D: Embedding 100 + Linear(794, 512) 407,040
        // + (512, 256) 131,328 + (256, 1) 257 = 538,725.
        checkModel(new ModelSpec("conditional-mlp", 100, 1, 28, 28, 10), 1_489_012, 538_725);
    }

    @Test
    void dcganInitialisationIsNormalWithStdTwoHundredths() {
        try (NDManager m = NDManager.newBaseManager();
                Gan gan = Gan.create(new ModelSpec("dcgan", 100, 3, 32, 32, 0), m, 3)) {
            int checked = 0;
            for (Pair<String, Parameter> p : gan.generator().getParameters()) {
                NDArray a = p.getValue().getArray();
                if (p.getValue().getType() == Parameter.Type.WEIGHT && a.size() > 100_000) {
                    double mean = a.mean().getFloat();
                    double std = Math.sqrt(a.sub(mean).square().mean().getFloat());
                    assertEquals(0, mean, 1e-3, p.getKey());
                    assertEquals(0.02, std, 5e-4, p.getKey());
                    checked++;
                }
                if (p.getValue().getType() == Parameter.Type.GAMMA) {
                    assertEquals(1, a.mean().getFloat(), 0.01, p.getKey());
                    assertTrue(a.sub(1).abs().max().getFloat() > 0, "scales are drawn, not all 1");
                }
            }
            assertEquals(3, checked, "the three large transposed-convolution weights");
        }
    }

    @Test
    void sameSeedGivesTheSameNetworksAndAnotherSeedDifferentOnes() {
        ModelSpec spec = new ModelSpec("cifar-seed", 100, 3, 32, 32, 0);
        try (NDManager m = NDManager.newBaseManager();
                Gan a = Gan.create(spec, m, 5);
                Gan b = Gan.create(spec, m, 5);
                Gan c = Gan.create(spec, m, 6)) {
            NDArray wa = a.discriminator().getParameters().valueAt(0).getArray();
            assertTrue(wa.contentEquals(
                    b.discriminator().getParameters().valueAt(0).getArray()));
            assertFalse(wa.contentEquals(
                    c.discriminator().getParameters().valueAt(0).getArray()));
        }
    }

    @Test
    void conditionalGeneratorDependsOnTheLabelAndTheSamplerKeepsClassesInRows() {
        ModelSpec spec = new ModelSpec("conditional-mlp", 100, 1, 28, 28, 10);
        try (NDManager m = NDManager.newBaseManager();
                Gan gan = Gan.create(spec, m, 1)) {
            NDArray z = gan.latent(m, 1, new SplittableRandom(2));
            NDArray zero = gan.generate(z, m.create(new int[] {0}), false);
            NDArray seven = gan.generate(z, m.create(new int[] {7}), false);
            assertTrue(
                    zero.sub(seven).abs().max().getFloat() > 1e-3,
                    "the label must change the image");
            ConditionalSampler sampler = new ConditionalSampler(gan);
            assertEquals(
                    new Shape(5, 1, 28, 28),
                    sampler.generate(m, 3, 5, new SplittableRandom(4)).getShape());
            NDArray grid = sampler.everyClass(m, 4, new SplittableRandom(4));
            assertEquals(new Shape(40, 1, 28, 28), grid.getShape());
            // Row 7 of the grid is what generate(7, 4) gives from the same draws, skipped past rows
            // 0..6.
            SplittableRandom r = new SplittableRandom(9);
            NDArray all = sampler.everyClass(m, 2, r);
            NDArray latent = gan.latent(m, 20, new SplittableRandom(9));
            NDArray byHand = gan.generate(latent.get("14:16"), m.create(new int[] {7, 7}), false);
            assertTrue(all.get("14:16").sub(byHand).abs().max().getFloat() < 1e-5);
            assertThrows(
                    BadInputException.class,
                    () -> sampler.generate(m, 10, 1, new SplittableRandom(1)));
        }
        try (NDManager m = NDManager.newBaseManager();
                Gan plain = Gan.create(new ModelSpec("dcgan", 100, 1, 28, 28, 0), m, 1)) {
            assertThrows(BadInputException.class, () -> new ConditionalSampler(plain));
        }
    }

    @Test
    void specsAnArchitectureCannotBuildAreRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(
                    BadInputException.class,
                    () -> Gan.create(new ModelSpec("dcgan", 100, 3, 64, 64, 0), m, 1));
            assertThrows(
                    BadInputException.class,
                    () -> Gan.create(new ModelSpec("cifar-seed", 100, 3, 30, 30, 0), m, 1));
            assertThrows(
                    BadInputException.class,
                    () -> Gan.create(new ModelSpec("conditional-mlp", 100, 1, 28, 28, 0), m, 1));
        }
    }

    @Test
    void aTrainingStepLeavesNoArraysInTheNetworksManager() {
        // Kernels derived from parameters (reshaped, flipped, padded) belong to the step, not to
        // the networks.
        for (ModelSpec spec : new ModelSpec[] {
            new ModelSpec("cifar-seed", 100, 3, 32, 32, 0),
            new ModelSpec("dcgan", 100, 3, 32, 32, 0),
            new ModelSpec("dcgan", 100, 1, 28, 28, 0)
        }) {
            try (NDManager m = NDManager.newBaseManager();
                    Gan gan = Gan.create(spec, m, 1)) {
                int before = gan.manager().getManagedArrays().size();
                for (int step = 0; step < 3; step++) {
                    try (NDManager scope = m.newSubManager();
                            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray images = gan.generate(
                                gan.latent(scope, 4, new SplittableRandom(step)), true);
                        gc.backward(gan.discriminate(images, true).sum());
                    }
                }
                assertEquals(
                        before,
                        gan.manager().getManagedArrays().size(),
                        spec + ": arrays left in the networks' manager");
            }
        }
    }

    private static void checkModel(ModelSpec spec, long generatorParams, long discriminatorParams) {
        try (NDManager m = NDManager.newBaseManager();
                Gan gan = Gan.create(spec, m, 1)) {
            assertEquals(generatorParams, Gan.parameterCount(gan.generator()), spec + " generator");
            assertEquals(
                    discriminatorParams,
                    Gan.parameterCount(gan.discriminator()),
                    spec + " discriminator");
            for (boolean training : new boolean[] {false, true}) {
                NDArray z = gan.latent(m, 4, new SplittableRandom(1));
                NDArray labels = m.create(new int[] {0, 1, 2, 9});
                NDArray images = spec.conditional()
                        ? gan.generate(z, labels, training)
                        : gan.generate(z, training);
                assertEquals(
                        new Shape(4).addAll(spec.imageShape()),
                        images.getShape(),
                        spec + " images");
                assertTrue(images.abs().max().getFloat() <= 1f, "Tanh output");
                NDArray logits = spec.conditional()
                        ? gan.discriminate(images, labels, training)
                        : gan.discriminate(images, training);
                assertEquals(new Shape(4, 1), logits.getShape(), spec + " logits");
            }
        }
    }
}
