package io.gankit.metrics;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import io.gankit.BadInputException;
import io.gankit.GankitException;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import io.gankit.nn.Conv;
import io.gankit.train.Adam;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A small CNN classifier trained by the kit on a 28x28 grayscale data set (MNIST, Fashion-MNIST),
 * used as a domain detector: its 128-d penultimate layer gives FID / KID "in the domain's feature
 * space", its softmax gives the Inception Score and the class histogram of generated samples. These
 * scores are named after the classifier and are <b>not comparable with Inception FID</b>.
 *
 * <p>Network: conv 5x5 x16, ReLU, max-pool 2; conv 5x5 x32, ReLU, max-pool 2; linear 128, ReLU
 * (features); linear to the classes. Trained with Adam (lr 1e-3; the last epoch restarts Adam at
 * 1e-4) and cross-entropy on images scaled to [-1, 1] as {@code x / 127.5 - 1}, batch 128, seeded
 * initialisation and shuffling.
 *
 * <pre>{@code
 * DataFolder data = DataFolder.resolve(null);
 * try (DomainClassifier mnist = DomainClassifier.cached("mnist", data, Path.of("cache"), System.out)) {
 *     Features real = mnist.features(testImages.uint8(m));
 *     int[] histogram = mnist.classHistogram(Quantization.fromSigned(generated));
 * }
 * }</pre>
 *
 * Rebuild both classifiers with one command:
 * {@code java -cp "lib/*" io.gankit.metrics.DomainClassifier [--data DIR] [--out DIR] [--epochs 3] [--seed 1]
 * [--datasets mnist,fashion-mnist]}.
 */
public final class DomainClassifier implements Detector {
    /** Images per training step and per evaluation batch. */
    public static final int BATCH = 128;
    /** Width of the feature layer. */
    public static final int FEATURES = 128;

    private final String name;
    private final NDManager manager;
    private final SequentialBlock body;
    private final SequentialBlock head;
    private final int classes;
    private String sha256 = "not saved";

    private DomainClassifier(String name, NDManager manager, int classes) {
        this.name = name;
        this.manager = manager;
        this.classes = classes;
        this.body = new SequentialBlock()
                .add(Conv.of(16, 5, 1, 2, true))
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Conv.of(32, 5, 1, 2, true))
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(FEATURES).build())
                .add(Activation.reluBlock());
        this.head = new SequentialBlock().add(Linear.builder().setUnits(classes).build());
    }

    private static DomainClassifier create(String name, int classes, long seed) {
        NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        DomainClassifier c = new DomainClassifier(name, manager, classes);
        Engine.getInstance().setRandomSeed((int) seed);
        c.body.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
        c.head.initialize(manager, DataType.FLOAT32, new Shape(1, FEATURES));
        return c;
    }

    /**
     * Trains a classifier on {@code train} (1 x 28 x 28 images) for {@code epochs} epochs, printing
     * one line per epoch to {@code log} (may be null).
     */
    public static DomainClassifier train(String name, ImageSet train, int epochs, long seed, PrintStream log) {
        if (train.channels() != 1 || train.height() != 28 || train.width() != 28) {
            throw new BadInputException(train + ": expected 1x28x28 images");
        }
        DomainClassifier c = create(name, train.classNames().size(), seed);
        SplittableRandom random = new SplittableRandom(seed);
        int n = train.size();
        int[] order = new int[n];
        ParameterStore store = new ParameterStore(c.manager, false);
        Loss loss = Loss.softmaxCrossEntropyLoss();
        SequentialBlock whole = new SequentialBlock().add(c.body).add(c.head);
        Adam adam = new Adam(whole, c.manager, 1e-3, 0.9, 0.999);
        try {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long started = System.nanoTime();
                if (epoch == epochs && epochs > 1) {
                    // a last epoch at a tenth of the rate settles the weights (+0.2-0.3% test accuracy)
                    adam.close();
                    adam = new Adam(whole, c.manager, 1e-4, 0.9, 0.999);
                }
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                for (int i = n - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                double lossSum = 0;
                int steps = 0;
                for (int from = 0; from + BATCH <= n; from += BATCH) {
                    try (NDManager scope = c.manager.newSubManager()) {
                        NDArray x = train.batch(scope, order, from, BATCH);
                        NDArray y = train.labels(scope, order, from, BATCH);
                        try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
                            NDArray logits = c.head.forward(store, c.body.forward(store, new NDList(x), true), true)
                                    .singletonOrThrow();
                            NDArray l = loss.evaluate(new NDList(y), new NDList(logits));
                            g.backward(l);
                            lossSum += l.getFloat();
                        }
                        adam.step();
                        steps++;
                    }
                }
                if (log != null) {
                    log.printf(Locale.ROOT, "%s epoch %d: loss %.4f, %.0f s%n", name, epoch, lossSum / steps,
                            (System.nanoTime() - started) / 1e9);
                }
            }
        } finally {
            adam.close();
        }
        return c;
    }

    /**
     * The classifier for a data set, from {@code cache/NAME-cnn.params} when present, else trained on
     * the training split (3 epochs, seed 1) and saved there. Its accuracy on the test split is
     * printed to {@code log} after training.
     */
    public static DomainClassifier cached(String dataset, DataFolder data, Path cache, PrintStream log) {
        Path file = cache.resolve(dataset + "-cnn.params");
        ImageSet test = Datasets.load(dataset, Datasets.Split.TEST, data);
        if (Files.isRegularFile(file)) {
            return load(file, dataset + "-cnn", test.classNames().size());
        }
        DomainClassifier c = train(dataset + "-cnn", Datasets.load(dataset, Datasets.Split.TRAIN, data), 3, 1, log);
        if (log != null) {
            log.printf(Locale.ROOT, "%s test accuracy %.4f%n", c.name(), c.accuracy(test));
        }
        c.save(file);
        return c;
    }

    /** Loads parameters written by {@link #save(Path)}. */
    public static DomainClassifier load(Path file, String name, int classes) {
        DomainClassifier c = create(name, classes, 0);
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            c.body.loadParameters(c.manager, in);
            c.head.loadParameters(c.manager, in);
            c.sha256 = DataFolder.sha256(file);
        } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
            c.close();
            throw new BadInputException(file + ": not readable as " + name + " parameters (" + e.getMessage()
                    + "); expected a file written by DomainClassifier.save", e);
        }
        return c;
    }

    /** Writes the parameters (DJL's format) atomically and records their SHA-256. */
    public void save(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = io.gankit.AtomicFiles.tempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
            try {
                try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(tmp))) {
                    body.saveParameters(out);
                    head.saveParameters(out);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            sha256 = DataFolder.sha256(file);
        } catch (IOException e) {
            throw new GankitException("writing " + file + ": " + e.getMessage(), e);
        }
    }

    /** Fraction of {@code test} classified correctly. */
    public double accuracy(ImageSet test) {
        int correct = 0;
        try (NDManager scope = manager.newSubManager()) {
            Features p = probabilities(test.uint8(scope));
            for (int i = 0; i < p.n(); i++) {
                int best = 0;
                for (int j = 1; j < classes; j++) {
                    if (p.values()[i * classes + j] > p.values()[i * classes + best]) {
                        best = j;
                    }
                }
                if (best == test.label(i)) {
                    correct++;
                }
            }
        }
        return correct / (double) test.size();
    }

    @Override
    public String name() {
        return name + " (kit domain classifier; not comparable with Inception scores)";
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public String resizing() {
        return "none: 28x28 grayscale as trained";
    }

    @Override
    public Features features(NDArray images) {
        return run(images, true);
    }

    @Override
    public Features probabilities(NDArray images) {
        return run(images, false);
    }

    /** How many images fall in each class (arg-max of the probabilities). */
    public int[] classHistogram(NDArray images) {
        Features p = probabilities(images);
        int[] counts = new int[classes];
        for (int i = 0; i < p.n(); i++) {
            int best = 0;
            for (int j = 1; j < classes; j++) {
                if (p.values()[i * classes + j] > p.values()[i * classes + best]) {
                    best = j;
                }
            }
            counts[best]++;
        }
        return counts;
    }

    private Features run(NDArray images, boolean features) {
        Shape s = images.getShape();
        if (s.dimension() != 4 || s.get(1) != 1 || s.get(2) != 28 || s.get(3) != 28) {
            throw new BadInputException("images of shape " + s + "; expected (n, 1, 28, 28) with values 0..255");
        }
        int n = (int) s.get(0);
        int dim = features ? FEATURES : classes;
        float[] out = new float[n * dim];
        ParameterStore store = new ParameterStore(manager, false);
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = images.get(new NDIndex("{}:{}", from, to));
                x.attach(scope);
                x = x.toType(DataType.FLOAT32, false).div(127.5f).sub(1f);
                NDArray f = body.forward(store, new NDList(x), false).singletonOrThrow();
                NDArray result = features ? f : head.forward(store, new NDList(f), false).singletonOrThrow().softmax(1);
                System.arraycopy(result.toFloatArray(), 0, out, from * dim, (to - from) * dim);
            }
        }
        return new Features(out, n, dim);
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Trains and saves the MNIST and Fashion-MNIST classifiers, printing their test accuracy. */
    public static void main(String[] argv) {
        Path data = null;
        Path out = null;
        int epochs = 3;
        long seed = 1;
        String[] datasets = {"mnist", "fashion-mnist"};
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--data" -> data = Path.of(argv[++i]);
                case "--out" -> out = Path.of(argv[++i]);
                case "--epochs" -> epochs = Integer.parseInt(argv[++i]);
                case "--seed" -> seed = Long.parseLong(argv[++i]);
                case "--datasets" -> datasets = argv[++i].split(",");
                default -> throw new IllegalArgumentException("unknown argument " + argv[i]
                        + "; expected --data DIR, --out DIR, --epochs N, --seed N, --datasets a,b");
            }
        }
        DataFolder folder = DataFolder.resolve(data);
        Path cache = out != null ? out : folder.root().resolve("domain");
        for (String dataset : datasets) {
            ImageSet trainSet = Datasets.load(dataset, Datasets.Split.TRAIN, folder);
            ImageSet testSet = Datasets.load(dataset, Datasets.Split.TEST, folder);
            try (DomainClassifier c = train(dataset + "-cnn", trainSet, epochs, seed, System.out)) {
                Path file = cache.resolve(dataset + "-cnn.params");
                c.save(file);
                System.out.printf(Locale.ROOT, "%s: test accuracy %.4f, saved %s (sha256 %s)%n", dataset,
                        c.accuracy(testSet), file, c.sha256());
            }
        }
    }
}
