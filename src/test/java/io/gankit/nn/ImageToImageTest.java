package io.gankit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.gankit.BadInputException;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The image-to-image layers against their definitions, and the two networks' shapes. */
class ImageToImageTest {
    private static NDArray forward(Block b, NDManager m, NDArray x) {
        b.initialize(m, DataType.FLOAT32, x.getShape());
        return b.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
    }

    @Test
    void pixelShuffleMovesEachChannelToItsSubPixel() {
        try (NDManager m = NDManager.newBaseManager()) {
            int b = 2, c = 3, r = 2, h = 3, w = 4;
            NDArray x = m.arange((float) (b * c * r * r * h * w)).reshape(b, c * r * r, h, w);
            float[] in = x.toFloatArray();
            NDArray y = PixelShuffle.apply(x, r);
            assertEquals(new Shape(b, c, h * r, w * r), y.getShape());
            float[] out = y.toFloatArray();
            for (int n = 0; n < b; n++) {
                for (int k = 0; k < c; k++) {
                    for (int i = 0; i < h * r; i++) {
                        for (int j = 0; j < w * r; j++) {
                            int source = k * r * r + (i % r) * r + (j % r);
                            float expected = in[((n * c * r * r + source) * h + i / r) * w + j / r];
                            assertEquals(
                                    expected,
                                    out[((n * c + k) * h * r + i) * w * r + j],
                                    "output (" + n + ", " + k + ", " + i + ", " + j + ")");
                        }
                    }
                }
            }
            assertThrows(
                    BadInputException.class,
                    () -> PixelShuffle.apply(m.zeros(new Shape(1, 6, 2, 2)), 2));
        }
    }

    private static int reflect(int i, int n) {
        return i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
    }

    @Test
    void reflectionPaddingMirrorsTheBorderWithoutRepeatingIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            int h = 4, w = 5, p = 2;
            NDArray x = m.arange((float) (2 * h * w)).reshape(1, 2, h, w);
            float[] in = x.toFloatArray();
            NDArray y = ReflectionPad2d.apply(x, p);
            assertEquals(new Shape(1, 2, h + 2 * p, w + 2 * p), y.getShape());
            float[] out = y.toFloatArray();
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < h + 2 * p; i++) {
                    for (int j = 0; j < w + 2 * p; j++) {
                        float expected = in[(c * h + reflect(i - p, h)) * w + reflect(j - p, w)];
                        assertEquals(expected, out[(c * (h + 2 * p) + i) * (w + 2 * p) + j]);
                    }
                }
            }
            BadInputException e = assertThrows(
                    BadInputException.class,
                    () -> ReflectionPad2d.apply(m.zeros(new Shape(1, 1, 2, 8)), 2));
            assertTrue(e.getMessage().contains("(1, 1, 2, 8)"), e.getMessage());
        }
    }

    @Test
    void instanceNormStandardisesEachImagesEachChannelOnItsOwn() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            NDArray x = m.randomNormal(5, 3, new Shape(2, 3, 4, 4), DataType.FLOAT64);
            double[] in = x.toDoubleArray();
            double[] out = InstanceNorm2d.normalise(x).toDoubleArray();
            for (int plane = 0; plane < 6; plane++) {
                double mean = 0;
                for (int i = 0; i < 16; i++) {
                    mean += in[plane * 16 + i] / 16;
                }
                double var = 0;
                for (int i = 0; i < 16; i++) {
                    var += Math.pow(in[plane * 16 + i] - mean, 2) / 16; // biased, as PyTorch
                }
                for (int i = 0; i < 16; i++) {
                    double expected =
                            (in[plane * 16 + i] - mean) / Math.sqrt(var + InstanceNorm2d.EPSILON);
                    assertEquals(
                            expected,
                            out[plane * 16 + i],
                            1e-12,
                            "plane " + plane + ", pixel " + i);
                }
            }
        }
    }

    @Test
    void aResidualBlockAddsItsBodyToItsInputAndRefusesABodyThatReshapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(1);
            NDArray x = m.randomNormal(new Shape(2, 4, 5, 5));
            Block body = new SequentialBlock()
                    .add(new ReflectionPad2d(1))
                    .add(Conv.of(4, 3, 1, 0, true));
            Residual residual = new Residual(body);
            NDArray y = forward(residual, m, x);
            NDArray bodyAlone = body.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow();
            assertEquals(0.0, y.sub(x.add(bodyAlone)).abs().max().getFloat(), 1e-6);
            Residual wrong = new Residual(Conv.of(8, 3, 1, 1, true));
            BadInputException e = assertThrows(
                    BadInputException.class,
                    () -> wrong.initialize(m, DataType.FLOAT32, x.getShape()));
            assertTrue(e.getMessage().contains("keeps the shape"), e.getMessage());
        }
    }

    @Test
    void theUNetMapsAnImageToAnImageAndThePatchGanJudgesPatches() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray grey = m.randomUniform(-1, 1, new Shape(2, 1, 32, 32));
            NDArray colour =
                    forward(ImageToImage.uNet().setOutChannels(3).optFilters(8).build(), m, grey);
            assertEquals(new Shape(2, 3, 32, 32), colour.getShape());
            assertTrue(colour.abs().max().getFloat() <= 1f, "Tanh output");
            NDArray pair = colour.concat(grey, 1);
            assertEquals(
                    new Shape(2, 1, 6, 6),
                    forward(ImageToImage.patchGan().optFilters(8).build(), m, pair)
                            .getShape(),
                    "2 layers on 32 pixels: a 6 x 6 grid of overlapping patches");
            assertEquals(
                    new Shape(2, 1, 2, 2),
                    forward(ImageToImage.patchGan().optFilters(8).optLayers(3).build(), m, pair)
                            .getShape());
            BadInputException e = assertThrows(
                    BadInputException.class, () -> ImageToImage.uNet().build());
            assertTrue(e.getMessage().contains("setOutChannels"), e.getMessage());
        }
    }

    @Test
    void theResNetGeneratorKeepsTheImageSizeWithThePapersLayersAndATeachingSize() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block paper = ImageToImage.resNet().setOutChannels(3).build();
            NDArray photo = m.randomUniform(-1, 1, new Shape(1, 3, 32, 32));
            assertEquals(new Shape(1, 3, 32, 32), forward(paper, m, photo).getShape());
            // 7x7 conv 3->64; 3x3 convs 64->128->256; 9 blocks of two 3x3 convs 256->256; 4x4
            // transposed convs 256->128->64; 7x7 conv 64->3 with bias (no bias before a norm)
            long expected = 7 * 7 * 3 * 64
                    + 3 * 3 * 64 * 128
                    + 3 * 3 * 128 * 256
                    + 9 * 2 * 3 * 3 * 256 * 256
                    + 4 * 4 * 256 * 128
                    + 4 * 4 * 128 * 64
                    + 7 * 7 * 64 * 3
                    + 3;
            assertEquals(
                    expected, NetworkPiecesTest.trainable(paper), "the paper's 11.4M less biases");
            Block teaching = ImageToImage.resNet()
                    .setOutChannels(3)
                    .optFilters(16)
                    .optBlocks(2)
                    .build();
            NDArray digits = m.randomUniform(-1, 1, new Shape(2, 3, 28, 28));
            NDArray out = forward(teaching, m, digits);
            assertEquals(new Shape(2, 3, 28, 28), out.getShape(), "28 -> 14 -> 7 -> 14 -> 28");
            assertTrue(out.abs().max().getFloat() <= 1f, "Tanh output");
            Block toGrey = ImageToImage.resNet()
                    .setOutChannels(1)
                    .optFilters(4)
                    .optBlocks(1)
                    .build();
            assertEquals(new Shape(2, 1, 28, 28), forward(toGrey, m, digits).getShape());
            BadInputException noChannels = assertThrows(
                    BadInputException.class, () -> ImageToImage.resNet().build());
            assertTrue(noChannels.getMessage().contains("setOutChannels"), noChannels.getMessage());
            BadInputException noBlocks = assertThrows(
                    BadInputException.class,
                    () -> ImageToImage.resNet().setOutChannels(3).optBlocks(0).build());
            assertTrue(noBlocks.getMessage().contains("residual blocks"), noBlocks.getMessage());
        }
    }

    @Test
    void theResNetGeneratorsInputGradientMatchesFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(4);
            Shape shape = new Shape(2, 3, 12, 12);
            Block g = ImageToImage.resNet()
                    .setOutChannels(3)
                    .optFilters(4)
                    .optBlocks(1)
                    .build();
            g.initialize(m, DataType.FLOAT64, shape);
            ParameterStore store = new ParameterStore(m, false);
            double[] x0 = m.randomNormal(shape, DataType.FLOAT64).toDoubleArray();
            NDArray k = m.randomNormal(shape, DataType.FLOAT64);
            // f(x) = sum(G(x) * k): every output pixel weighs in
            ToDoubleFunction<double[]> f = values -> {
                try (NDManager s = m.newSubManager()) {
                    NDArray x = s.create(values, shape);
                    return g.forward(store, new NDList(x), true)
                            .singletonOrThrow()
                            .mul(k)
                            .sum()
                            .getDouble();
                }
            };
            double[] gradient;
            try (NDManager s = m.newSubManager()) {
                NDArray x = s.create(x0, shape);
                x.setRequiresGradient(true);
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    NDArray y = g.forward(store, new NDList(x), true).singletonOrThrow();
                    c.backward(y.mul(k).sum());
                }
                gradient = x.getGradient().toDoubleArray();
            }
            double eps = 1e-6;
            SplittableRandom pick = new SplittableRandom(2);
            for (int n = 0; n < 12; n++) {
                int i = pick.nextInt(x0.length);
                double[] up = x0.clone();
                double[] down = x0.clone();
                up[i] += eps;
                down[i] -= eps;
                double numeric = (f.applyAsDouble(up) - f.applyAsDouble(down)) / (2 * eps);
                assertEquals(
                        numeric,
                        gradient[i],
                        1e-5 * Math.max(1, Math.abs(numeric)),
                        "d f / d x[" + i + "]");
            }
        }
    }

    @Test
    void srResNetUpscalesFourTimesWithThePapersSizeAndItsDiscriminatorGivesOneLogit() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block g = SuperResolution.srResNet().setScale(4).build();
            NDArray low = m.randomUniform(-1, 1, new Shape(2, 3, 8, 8));
            assertEquals(new Shape(2, 3, 32, 32), forward(g, m, low).getShape());
            // 9x9 conv with bias, PReLU; 16 x (two 3x3 convs, two batch norms, PReLU); 3x3 conv and
            // batch norm; 2 x (3x3 conv to 256 with bias, PReLU); 9x9 conv to 3 with bias
            long expected = (9 * 9 * 3 * 64 + 64)
                    + 1
                    + 16 * (2 * 3 * 3 * 64 * 64 + 2 * 2 * 64 + 1)
                    + (3 * 3 * 64 * 64 + 2 * 64)
                    + 2 * (3 * 3 * 64 * 256 + 256 + 1)
                    + (9 * 9 * 64 * 3 + 3);
            assertEquals(expected, NetworkPiecesTest.trainable(g), "SRResNet's 1.55M parameters");
            Block grey = SuperResolution.srResNet()
                    .setScale(4)
                    .optChannels(1)
                    .optFilters(8)
                    .optBlocks(2)
                    .build();
            assertEquals(
                    new Shape(2, 1, 28, 28),
                    forward(grey, m, m.randomUniform(-1, 1, new Shape(2, 1, 7, 7)))
                            .getShape());
            Block d = SuperResolution.discriminator().optFilters(8).optDense(32).build();
            assertEquals(
                    new Shape(2, 1),
                    forward(d, m, m.randomUniform(-1, 1, new Shape(2, 3, 32, 32)))
                            .getShape());
            BadInputException e = assertThrows(
                    BadInputException.class,
                    () -> SuperResolution.srResNet().setScale(3).build());
            assertTrue(e.getMessage().contains("power of 2"), e.getMessage());
        }
    }

    @Test
    void pReluScalesNegativesByItsSlopeStartingAtAQuarter() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {-2, -1, 0, 3}).reshape(1, 4);
            float[] y = forward(new PRelu(), m, x).toFloatArray();
            assertEquals(-0.5f, y[0]);
            assertEquals(-0.25f, y[1]);
            assertEquals(0f, y[2]);
            assertEquals(3f, y[3]);
        }
    }
}
