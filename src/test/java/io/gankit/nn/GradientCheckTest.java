package io.gankit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer of the kit and the generator and discriminator of every architecture: the float32
 * output and the gradients of the input and of every parameter, ten times over, against the same
 * network in float64. Catches an engine kernel that is wrong or not repeatable on this CPU (the
 * AMD EPYC's oneDNN convolutions were both) as well as a layer whose backward pass is wrong.
 */
class GradientCheckTest {
    static final int REPEATS = 10;
    /** Largest {@code max |float32 - float64| / max |float64|} over an array (see {@link #compare}). */
    static final double TOLERANCE = 2e-3;

    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of(
                        "Conv 16->3 k3",
                        (Supplier<Block>) () -> Conv.of(3, 3, 1, 1, true),
                        new Shape(4, 16, 10, 10)),
                Arguments.of(
                        "Conv 1->8 k3",
                        (Supplier<Block>) () -> Conv.of(8, 3, 1, 1, true),
                        new Shape(8, 1, 14, 14)),
                Arguments.of(
                        "Conv 16->15 k3",
                        (Supplier<Block>) () -> Conv.of(15, 3, 1, 1, false),
                        new Shape(8, 16, 8, 8)),
                Arguments.of(
                        "Conv 3->32 k3 s2",
                        (Supplier<Block>) () -> Conv.of(32, 3, 2, 1, true),
                        new Shape(4, 3, 16, 16)),
                Arguments.of(
                        "Conv 64->1 k4",
                        (Supplier<Block>) () -> Conv.of(1, 4, 1, 0, false),
                        new Shape(8, 64, 4, 4)),
                Arguments.of(
                        "UpsampleConv2d 16->3",
                        (Supplier<Block>) () -> new UpsampleConv2d(3),
                        new Shape(4, 16, 8, 8)),
                Arguments.of(
                        "UpsampleConv2d 8->16",
                        (Supplier<Block>) () -> new UpsampleConv2d(16),
                        new Shape(4, 8, 6, 6)),
                Arguments.of(
                        "ConvTranspose2d k4 s1 from 1x1",
                        (Supplier<Block>) () -> new ConvTranspose2d(8, 4, 1, 0, false),
                        new Shape(4, 10, 1, 1)),
                Arguments.of(
                        "ConvTranspose2d 16->3 k4 s2 p1",
                        (Supplier<Block>) () -> new ConvTranspose2d(3, 4, 2, 1, false),
                        new Shape(4, 16, 8, 8)),
                Arguments.of(
                        "ConvTranspose2d 8->5 k3 s2 p1 (phases)",
                        (Supplier<Block>) () -> new ConvTranspose2d(5, 3, 2, 1, true),
                        new Shape(2, 8, 5, 5)),
                Arguments.of(
                        "ConvTranspose2d 4->3 k3 s2 p0 (zeros)",
                        (Supplier<Block>) () -> new ConvTranspose2d(3, 3, 2, 0, true),
                        new Shape(2, 4, 4, 4)),
                Arguments.of(
                        "ZeroPad2d",
                        (Supplier<Block>) () -> new ZeroPad2d(0, 1, 0, 1),
                        new Shape(2, 3, 5, 5)),
                Arguments.of(
                        "Upsample2x", (Supplier<Block>) Upsample2x::new, new Shape(2, 3, 4, 5)),
                Arguments.of("MinibatchStd", (Supplier<Block>) MinibatchStd::new, new Shape(8, 6)),
                Arguments.of(
                        "PixelShuffle x2",
                        (Supplier<Block>) () -> new PixelShuffle(2),
                        new Shape(2, 12, 4, 5)),
                Arguments.of(
                        "ReflectionPad2d 2",
                        (Supplier<Block>) () -> new ReflectionPad2d(2),
                        new Shape(2, 3, 5, 6)),
                Arguments.of(
                        "InstanceNorm2d affine",
                        (Supplier<Block>) () -> new InstanceNorm2d(true),
                        new Shape(3, 4, 6, 6)),
                Arguments.of(
                        "Residual (reflect, conv, instance norm, ReLU)",
                        (Supplier<Block>) () -> new Residual(new SequentialBlock()
                                .add(new ReflectionPad2d(1))
                                .add(Conv.of(8, 3, 1, 0, true))
                                .add(new InstanceNorm2d(false))
                                .add(Activation.reluBlock())),
                        new Shape(2, 8, 6, 6)),
                Arguments.of(
                        "U-Net 1->3, 3 levels",
                        (Supplier<Block>) () -> ImageToImage.uNet()
                                .setOutChannels(3)
                                .optFilters(8)
                                .optDowns(3)
                                .build(),
                        new Shape(4, 1, 16, 16)),
                Arguments.of(
                        "CycleGAN ResNet 3->3, 2 blocks",
                        (Supplier<Block>) () -> ImageToImage.resNet()
                                .setOutChannels(3)
                                .optFilters(4)
                                .optBlocks(2)
                                .build(),
                        new Shape(2, 3, 12, 12)),
                Arguments.of("PRelu", (Supplier<Block>) PRelu::new, new Shape(4, 3, 5, 5)),
                Arguments.of(
                        "SRResNet x2, 2 blocks",
                        (Supplier<Block>) () -> SuperResolution.srResNet()
                                .setScale(2)
                                .optChannels(1)
                                .optFilters(8)
                                .optBlocks(2)
                                .build(),
                        new Shape(4, 1, 6, 6)),
                Arguments.of(
                        "SRGAN discriminator, 2 levels",
                        (Supplier<Block>) () -> SuperResolution.discriminator()
                                .optFilters(8)
                                .optDownsamplings(2)
                                .optDense(16)
                                .build(),
                        new Shape(4, 3, 16, 16)),
                Arguments.of(
                        "PatchGAN 4 channels, 2 layers, instance norm",
                        (Supplier<Block>) () -> ImageToImage.patchGan()
                                .optFilters(8)
                                .optNorm(ImageToImage.Norm.INSTANCE)
                                .build(),
                        new Shape(2, 4, 16, 16)),
                Arguments.of(
                        "Linear",
                        (Supplier<Block>) () -> Linear.builder().setUnits(7).build(),
                        new Shape(16, 20)),
                Arguments.of(
                        "BatchNorm",
                        (Supplier<Block>) () -> BatchNorm.builder().build(),
                        new Shape(8, 6, 4, 4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void layerGradientsEqualFloat64(String name, Supplier<Block> make, Shape input) {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(11);
            Block b32 = make.get();
            b32.initialize(m, DataType.FLOAT32, input);
            Block b64 = float64Copy(b32, make.get(), m, input);
            NDArray x = m.randomNormal(input, DataType.FLOAT64);
            compare(name, b32, b64, new NDList(x), true);
        }
    }

    static Stream<Arguments> architectures() {
        return Stream.of(
                        new ModelSpec("mlp", 100, 1, 28, 28, 0),
                        new ModelSpec("cifar-seed", 100, 3, 32, 32, 0),
                        new ModelSpec("cifar-seed", 100, 1, 28, 28, 0),
                        new ModelSpec("dcgan", 100, 3, 32, 32, 0),
                        new ModelSpec("dcgan", 100, 1, 28, 28, 0),
                        new ModelSpec("conditional-mlp", 100, 1, 28, 28, 10),
                        new ModelSpec("mlp-pac2", 100, 1, 28, 28, 0),
                        new ModelSpec("dcgan-pac2", 100, 3, 28, 28, 0),
                        new ModelSpec("mlp2d", 2, 2, 1, 1, 0),
                        new ModelSpec("mlp2d-s-pac4", 2, 2, 1, 1, 0),
                        new ModelSpec("mlp2d-mbstd", 2, 2, 1, 1, 0))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void generatorAndDiscriminatorGradientsEqualFloat64(ModelSpec spec) {
        try (NDManager m = NDManager.newBaseManager();
                Gan g32 = Gan.create(spec, m, 5)) {
            Architecture arch = Architectures.get(spec.architecture());
            int batch = 8; // a multiple of every packing
            Shape labelShape = new Shape(batch);
            Shape latent = new Shape(batch, spec.latent());
            Shape image = new Shape(batch).addAll(spec.imageShape());
            Block g64 = spec.conditional()
                    ? float64Copy(g32.generator(), arch.generator(spec), m, latent, labelShape)
                    : float64Copy(g32.generator(), arch.generator(spec), m, latent);
            Block d64 = spec.conditional()
                    ? float64Copy(
                            g32.discriminator(), arch.discriminator(spec), m, image, labelShape)
                    : float64Copy(g32.discriminator(), arch.discriminator(spec), m, image);
            NDArray z = m.randomNormal(new Shape(batch, spec.latent()), DataType.FLOAT64);
            NDArray images = m.randomUniform(
                    -1, 1, new Shape(batch).addAll(spec.imageShape()), DataType.FLOAT64);
            NDList gIn = new NDList(z);
            NDList dIn = new NDList(images);
            if (spec.conditional()) {
                NDArray labels = m.arange(0, batch, 1, DataType.INT64).mod(spec.classes());
                gIn.add(labels);
                dIn.add(labels);
            }
            compare(spec + " generator", g32.generator(), g64, gIn, true);
            // Dropout draws a mask per run: compared in inference mode, where it is off.
            compare(
                    spec + " discriminator",
                    g32.discriminator(),
                    d64,
                    dIn,
                    !spec.architecture().startsWith("cifar-seed"));
        }
    }

    /**
     * Runs {@code b32} on float32 copies {@link #REPEATS} times and {@code b64} once, and compares.
     * A gradient that is zero in exact arithmetic (a bias right before a batch norm) is noise in
     * both types: each array is measured against at least a thousandth of the largest gradient.
     */
    static void compare(String name, Block b32, Block b64, NDList inputs, boolean training) {
        List<float[]> exact = outputAndGradients(b64, inputs, DataType.FLOAT64, training);
        double largest = 0;
        for (float[] g : exact.subList(1, exact.size())) {
            largest = Math.max(largest, maxAbs(g));
        }
        for (int r = 0; r < REPEATS; r++) {
            List<float[]> got = outputAndGradients(b32, inputs, DataType.FLOAT32, training);
            assertEquals(exact.size(), got.size());
            for (int i = 0; i < exact.size(); i++) {
                double floor = i == 0 ? 0 : 1e-3 * largest;
                double e = error(got.get(i), exact.get(i), floor);
                assertTrue(
                        e <= TOLERANCE,
                        name + ", run " + (r + 1) + ", "
                                + (i == 0
                                        ? "output"
                                        : i == 1
                                                ? "input gradient"
                                                : "gradient of parameter " + (i - 2))
                                + ": float32 differs from float64 by " + e);
            }
        }
    }

    /** Output, input gradient, then each parameter's gradient, of {@code sum(block(inputs) * k)}. */
    static List<float[]> outputAndGradients(
            Block block, NDList base, DataType type, boolean training) {
        try (NDManager m = base.head().getManager().newSubManager()) {
            NDList inputs = new NDList();
            for (NDArray a : base) {
                NDArray x = a.getDataType().isFloating() ? a.toType(type, true) : a.duplicate();
                x.attach(m);
                inputs.add(x);
            }
            inputs.head().setRequiresGradient(true);
            List<float[]> out = new ArrayList<>();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = block.forward(new ParameterStore(m, false), inputs, training)
                        .singletonOrThrow();
                NDArray k = m.arange(0f, (float) y.size(), 1f)
                        .mul(0.37f)
                        .sin()
                        .toType(type, false)
                        .reshape(y.getShape());
                out.add(y.toType(DataType.FLOAT32, false).toFloatArray());
                gc.backward(y.mul(k).sum());
            }
            out.add(inputs.head().getGradient().toType(DataType.FLOAT32, false).toFloatArray());
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    try (NDArray g = p.getValue().getArray().getGradient()) {
                        out.add(g.toType(DataType.FLOAT32, false).toFloatArray());
                    }
                    JniUtils.zeroGrad(
                            (PtNDArray) p.getValue().getArray()); // gradients add up otherwise
                }
            }
            return out;
        }
    }

    /** {@code max |a - b| / max(max |b|, floor)}; infinite for a NaN. */
    static double error(float[] a, float[] b, double floor) {
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (Double.isNaN(d)) {
                return Double.POSITIVE_INFINITY;
            }
            diff = Math.max(diff, d);
        }
        double scale = Math.max(maxAbs(b), floor);
        return scale == 0 ? diff : diff / scale;
    }

    static double maxAbs(float[] values) {
        double most = 0;
        for (float v : values) {
            most = Math.max(most, Math.abs(v));
        }
        return most;
    }

    /** {@code fresh} (a new block like {@code from}) in float64 with {@code from}'s parameter values. */
    static Block float64Copy(Block from, Block fresh, NDManager m, Shape... inputs) {
        fresh.initialize(m, DataType.FLOAT64, inputs);
        var a = from.getParameters();
        var b = fresh.getParameters();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            try (NDArray value = a.get(i).getValue().getArray().toType(DataType.FLOAT64, true)) {
                b.get(i).getValue().getArray().set(value.toByteBuffer());
            }
        }
        return fresh;
    }
}
