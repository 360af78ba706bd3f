package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import io.gankit.BadInputException;
import io.gankit.engine.Engines;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A generator and a discriminator built from one {@link ModelSpec} and initialised together.
 *
 * <p>Weights are drawn in Java from the seed, the way PyTorch initialises {@code nn.Linear} and
 * {@code nn.Conv2d} by default (uniform in +-1/sqrt(fan_in) for weights and biases), so the same
 * seed gives the same networks on any engine build and thread count.
 */
public final class Gan implements AutoCloseable, ImageSampler {
    private final ModelSpec spec;
    private final NDManager manager;
    private final Block generator;
    private final Block discriminator;
    private final ParameterStore store;

    private Gan(ModelSpec spec, NDManager manager, Block generator, Block discriminator) {
        this.spec = spec;
        this.manager = manager;
        this.generator = generator;
        this.discriminator = discriminator;
        this.store = new ParameterStore(manager, false);
    }

    /**
     * Builds and initialises both networks in a new sub-manager of {@code parent}.
     *
     * @param seed seeds the initial weights
     */
    public static Gan create(ModelSpec spec, NDManager parent, long seed) {
        Engines.ensure(); // checked before any network trains, whoever builds it
        Architecture arch = Architectures.get(spec.architecture());
        arch.validate(spec);
        NDManager manager = parent.newSubManager();
        Block g = arch.generator(spec);
        Block d = arch.discriminator(spec);
        Shape batchOne = new Shape(2);
        if (spec.conditional()) {
            g.initialize(manager, DataType.FLOAT32, new Shape(2, spec.latent()), batchOne);
            d.initialize(
                    manager, DataType.FLOAT32, new Shape(2).addAll(spec.imageShape()), batchOne);
        } else {
            g.initialize(manager, DataType.FLOAT32, new Shape(2, spec.latent()));
            d.initialize(manager, DataType.FLOAT32, new Shape(2).addAll(spec.imageShape()));
        }
        arch.initialize(g, d, new SplittableRandom(seed));
        return new Gan(spec, manager, g, d);
    }

    /**
     * A second generator with this one's weights, beside the same discriminator: the weight
     * average of G that {@link #average} keeps (EMA). Its parameters live in a new sub-manager of
     * {@code parent} and never take gradients.
     */
    public Gan averagedGenerator(NDManager parent) {
        Architecture arch = Architectures.get(spec.architecture());
        NDManager m = parent.newSubManager();
        Block copy = arch.generator(spec);
        if (spec.conditional()) {
            copy.initialize(m, DataType.FLOAT32, new Shape(2, spec.latent()), new Shape(2));
        } else {
            copy.initialize(m, DataType.FLOAT32, new Shape(2, spec.latent()));
        }
        copy.freezeParameters(true); // never trained: it follows G through average()
        WeightAverage.copy(generator, copy);
        return new Gan(spec, m, copy, discriminator);
    }

    /**
     * One step of an exponential moving average of {@code source}'s generator weights into this
     * one's: {@code avg = decay * avg + (1 - decay) * current}, every parameter (batch-norm
     * statistics too), in place.
     */
    public void average(Gan source, float decay) {
        WeightAverage.update(generator, source.generator, decay);
    }

    public ModelSpec spec() {
        return spec;
    }

    public Block generator() {
        return generator;
    }

    public Block discriminator() {
        return discriminator;
    }

    /** The manager that owns both networks' parameters. */
    public NDManager manager() {
        return manager;
    }

    /** Generated images {@code (B, C, H, W)} for latent {@code z}, attached to z's manager. */
    public NDArray generate(NDArray z, boolean training) {
        return generator.forward(store, new NDList(z), training).singletonOrThrow();
    }

    /** Generated images for latent {@code z} and class labels (conditional models). */
    public NDArray generate(NDArray z, NDArray labels, boolean training) {
        requireConditional(labels);
        return generator.forward(store, new NDList(z, labels), training).singletonOrThrow();
    }

    /** Discriminator logits {@code (B, 1)} for images. */
    public NDArray discriminate(NDArray images, boolean training) {
        return discriminator.forward(store, new NDList(images), training).singletonOrThrow();
    }

    /** Discriminator logits for images and class labels (conditional models). */
    public NDArray discriminate(NDArray images, NDArray labels, boolean training) {
        requireConditional(labels);
        return discriminator
                .forward(store, new NDList(images, labels), training)
                .singletonOrThrow();
    }

    /**
     * {@code n} images from G in inference mode, the latent batch from {@code random}; a
     * conditional G draws the classes in turn (0, 1, ..., 0, 1, ...), as {@code GeneratorSource}.
     */
    @Override
    public NDArray generate(NDManager into, int n, SplittableRandom random) {
        NDArray z = latent(into, n, random);
        if (!spec.conditional()) {
            return generate(z, false);
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % spec.classes();
        }
        return generate(z, into.create(labels), false);
    }

    /** The architecture, and for a conditional G that it draws the classes in turn. */
    @Override
    public String description() {
        return spec.architecture() + (spec.conditional() ? ", classes in turn" : "");
    }

    /** A latent batch {@code (n, latent)} of standard normal values from {@code random}. */
    public NDArray latent(NDManager into, int n, SplittableRandom random) {
        return normal(into, new Shape(n, spec.latent()), random);
    }

    /** An array of standard normal values drawn in Java, so it is reproducible from the seed. */
    public static NDArray normal(NDManager into, Shape shape, SplittableRandom random) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i += 2) {
            // Box-Muller: two normals from two uniforms.
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1));
            values[i] = (float) (r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < values.length) {
                values[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
            }
        }
        return into.create(values, shape);
    }

    private void requireConditional(NDArray labels) {
        if (!spec.conditional()) {
            throw new BadInputException(
                    "labels given to an unconditional " + spec.architecture() + " model");
        }
        long n = labels.size();
        for (long label : labels.toType(DataType.INT64, false).toLongArray()) {
            if (label < 0 || label >= spec.classes()) {
                throw new BadInputException(
                        "label " + label + " is out of range; expected 0.." + (spec.classes() - 1));
            }
        }
        if (n == 0) {
            throw new BadInputException("no labels given");
        }
    }

    /**
     * Sets every weight of rank 2 or more, and the bias beside it, uniform in +-1/sqrt(fan_in),
     * where fan_in is the product of the weight's dimensions after the first (PyTorch's default).
     * Other parameters (batch-norm scales, embeddings) keep the initialiser DJL gave them.
     */
    public static void torchDefaultInit(Block block, SplittableRandom random) {
        ParameterList params = block.getParameters();
        Map<String, Long> fanIn = new HashMap<>();
        for (Pair<String, Parameter> p : params) {
            Parameter param = p.getValue();
            if (param.getType() == Parameter.Type.WEIGHT
                    && param.getArray().getShape().dimension() >= 2
                    && !p.getKey().toLowerCase().contains("embed")) {
                Shape shape = param.getArray().getShape();
                long fan = shape.size() / shape.get(0);
                fanIn.put(prefix(p.getKey()), fan);
                fillUniform(param.getArray(), 1.0 / Math.sqrt(fan), random);
            }
        }
        for (Pair<String, Parameter> p : params) {
            Long fan = fanIn.get(prefix(p.getKey()));
            if (p.getValue().getType() == Parameter.Type.BIAS && fan != null) {
                fillUniform(p.getValue().getArray(), 1.0 / Math.sqrt(fan), random);
            }
        }
    }

    private static String prefix(String name) {
        int cut = name.lastIndexOf('_');
        return cut < 0 ? name : name.substring(0, cut);
    }

    private static void fillUniform(NDArray array, double bound, SplittableRandom random) {
        float[] values = new float[Math.toIntExact(array.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        array.set(values);
    }

    /** Number of trainable values of a network (batch-norm running statistics are not trained). */
    public static long parameterCount(Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().requiresGradient()) {
                continue;
            }
            total += p.getValue().getArray().size();
        }
        return total;
    }

    @Override
    public void close() {
        manager.close();
    }
}
