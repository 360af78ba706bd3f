package io.gankit.lab;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.MalformedModelException;
import io.gankit.AtomicFiles;
import io.gankit.GankitException;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import io.gankit.nn.Conv;
import io.gankit.nn.Gan;
import io.gankit.train.Adam;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A small convolutional MNIST digit classifier, the judge of stacked-MNIST modes (each of a
 * generated image's three channels is classified as a digit). Two 5x5 convolutions (16 and 32
 * channels, ReLU, 2x2 max-pooling) and a linear layer to 10 logits; one seeded epoch of Adam on
 * the 60,000 training digits (see {@code MnistClassifierSlowTest} for the accuracy it must reach,
 * 98%). {@link #trainOrLoad} caches the trained weights, so later calls load them.
 *
 * <p>Images go in as the kit's generators produce them: {@code (N, 1, 28, 28)} in [-1, 1].
 */
public final class MnistClassifier implements AutoCloseable {
    /** The cached weights' file name in a cache folder. */
    public static final String CACHE_FILE = "mnist-classifier-v1.params";
    private static final int BATCH = 64;
    private static final long SEED = 20171212;

    private final NDManager manager;
    private final SequentialBlock net;
    private final ParameterStore store;

    private MnistClassifier(NDManager manager, SequentialBlock net) {
        this.manager = manager;
        this.net = net;
        this.store = new ParameterStore(manager, false);
    }

    /**
     * The classifier cached in {@code cacheDir} ({@value #CACHE_FILE}), trained first (one epoch
     * on the MNIST training digits of {@code data}, fixed seed) and cached if there is none.
     */
    public static MnistClassifier trainOrLoad(DataFolder data, Path cacheDir, NDManager parent) {
        Path cache = cacheDir.resolve(CACHE_FILE);
        if (Files.isRegularFile(cache)) {
            return load(cache, parent);
        }
        MnistClassifier c = train(Datasets.load("mnist", Datasets.Split.TRAIN, data), 1, parent);
        try {
            c.save(cache);
        } catch (java.io.UncheckedIOException e) {
            // a read-only cache folder costs a retraining next time, not this run
            System.err.println("could not cache the MNIST classifier: " + e.getMessage());
        }
        return c;
    }

    /** A new classifier trained for {@code epochs} passes over {@code train}, seeded. */
    public static MnistClassifier train(ImageSet train, int epochs, NDManager parent) {
        NDManager manager = parent.newSubManager();
        SequentialBlock net = network();
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
        SplittableRandom random = new SplittableRandom(SEED);
        Gan.torchDefaultInit(net, random.split());
        MnistClassifier c = new MnistClassifier(manager, net);
        try (Adam adam = new Adam(net, manager, 1e-3, 0.9, 0.999)) {
            int[] order = new int[train.size()];
            for (int e = 0; e < epochs; e++) {
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                for (int i = order.length - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int from = 0; from + BATCH <= order.length; from += BATCH) {
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray x = train.batch(scope, order, from, BATCH);
                        NDArray y = train.labels(scope, order, from, BATCH);
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray logits = net.forward(c.store, new NDList(x), true).singletonOrThrow();
                            NDArray loss = logits.logSoftmax(1).mul(y.oneHot(10)).sum(new int[] {1}).neg().mean();
                            gc.backward(loss);
                        }
                        adam.step();
                    }
                }
            }
        }
        return c;
    }

    /** Loads weights written by {@link #save}. */
    public static MnistClassifier load(Path file, NDManager parent) {
        NDManager manager = parent.newSubManager();
        SequentialBlock net = network();
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
        try (InputStream in = Files.newInputStream(file)) {
            net.loadParameters(manager, new DataInputStream(new java.io.BufferedInputStream(in)));
        } catch (IOException | MalformedModelException e) {
            manager.close();
            throw new GankitException(file + ": could not read MNIST classifier weights (" + e.getMessage()
                    + "); delete the file to retrain it", e);
        }
        return new MnistClassifier(manager, net);
    }

    /** Writes the weights to {@code file} atomically. */
    public void save(Path file) {
        AtomicFiles.write(file, out -> net.saveParameters(new DataOutputStream(out)));
    }

    private static SequentialBlock network() {
        return new SequentialBlock()
                .add(Conv.of(16, 5, 1, 0, true))
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Conv.of(32, 5, 1, 0, true))
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(10).build());
    }

    /** The digit (0-9) of each image of {@code images}, {@code (N, 1, 28, 28)} in [-1, 1]. */
    public int[] predict(NDArray images) {
        long n = images.getShape().get(0);
        int[] out = new int[Math.toIntExact(n)];
        for (long from = 0; from < n; from += 1000) {
            long to = Math.min(n, from + 1000);
            try (NDManager scope = manager.newSubManager()) {
                NDArray part = images.get(from + ":" + to);
                part.attach(scope); // a view; its result goes with the scope
                NDArray logits = net.forward(store, new NDList(part), false).singletonOrThrow();
                long[] best = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
                for (int i = 0; i < best.length; i++) {
                    out[(int) from + i] = (int) best[i];
                }
            }
        }
        return out;
    }

    /** The share of {@code test} images whose predicted digit is their label. */
    public double accuracy(ImageSet test) {
        int correct = 0;
        int[] all = new int[test.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        try (NDManager scope = manager.newSubManager()) {
            int[] predicted = predict(test.batch(scope, all));
            for (int i = 0; i < predicted.length; i++) {
                if (predicted[i] == test.label(i)) {
                    correct++;
                }
            }
        }
        return correct / (double) test.size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
