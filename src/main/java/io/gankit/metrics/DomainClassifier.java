package io.gankit.metrics;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;

import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.DigitDomains;
import io.gankit.data.ImageSet;
import io.gankit.engine.Engines;
import io.gankit.loss.FeatureMap;
import io.gankit.nn.Conv;
import io.gankit.train.Adam;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * The kit's classifier of 28x28 images (MNIST, Fashion-MNIST; in colour, the MNIST-M-like digits of
 * {@link DigitDomains}) and of CIFAR-10's 32x32 colour images, trained by the kit itself.
 * It is the kit's one domain classifier: its 128-d penultimate layer gives FID / KID "in the
 * domain's feature space", its softmax the Inception Score and the class histogram of generated
 * samples, and {@link #predict} is the judge of stacked-MNIST modes (the lab's {@code StackedMnist}).
 * Its scores are named after the classifier and are <b>not comparable with Inception FID</b>.
 *
 * <p>Network of 28x28 images ({@link Recipe#DIGITS}): conv 5x5 x16 (padding 2), ReLU, max-pool 2;
 * conv 5x5 x32 (padding 2), ReLU, max-pool 2; linear 128, ReLU (the features); linear to the
 * classes. Of 32x32 images ({@link Recipe#CIFAR}): three stages of two 3x3 convolutions with batch
 * norm and ReLU (32, 64, 128 channels), each stage ending in max-pool 2; linear 128, ReLU (the
 * features); linear to the classes. Recipe ({@link #cached}): DJL's
 * default initialisation (He-style normal weights, zero biases) from the engine's generator seeded
 * with {@value #SEED}, which also seeds the shuffling; {@value #EPOCHS} epochs (CIFAR-10: {@value
 * #CIFAR_EPOCHS}, each image shifted by up to 4 pixels and mirrored at random) of Adam with
 * cross-entropy, batch {@value #BATCH}, learning rate 1e-3 and, for the last epoch, Adam restarted
 * at 1e-4. {@link #trainSteps} trains the same network in the same loop for a number of steps, for
 * sets too small to count in epochs (the augmentation experiment's 100 labelled images).
 *
 * <p>Images go in as detectors take them: {@code (n, C, S, S)} with the channels and size it was trained on
 * (1 for grey, the cached recipe's; 3 for colour), uint8 or float, values 0..255 (generator
 * outputs in [-1, 1] through {@link Quantization#fromSigned} first); the network sees
 * {@code x / 127.5 - 1}, as the training images. Only the first convolution's weights depend on
 * the channels: a grey classifier is drawn and trained exactly as before colour was possible.
 *
 * <pre>{@code
 * DataFolder data = DataFolder.resolve(null);
 * try (DomainClassifier mnist = DomainClassifier.cached("mnist", data, System.out)) {
 *     Features real = mnist.features(testImages.uint8(m));
 *     int[] histogram = mnist.classHistogram(Quantization.fromSigned(generated));
 * }
 * }</pre>
 *
 * Trained classifiers are cached as {@code ~/.gankit/cache/domain/DATASET-cnn.params}
 * ({@link #defaultCache}, {@link #cacheFile}); {@code ./gankit classify --build} retrains them. The
 * MNIST-M-like digits' classifier ({@link #cachedMnistMLike}) is cached as
 * {@code mnist-m-like-seed-SEED-cnn.params}, keyed by the set's construction seed.
 */
public final class DomainClassifier implements Detector {
    /** Images per training step and per evaluation batch. */
    public static final int BATCH = 128;
    /** Width of the feature layer. */
    public static final int FEATURES = 128;
    /** Epochs of the cached 28x28 classifiers ({@link Recipe#DIGITS}). */
    public static final int EPOCHS = 3;
    /** Epochs of the cached CIFAR-10 classifier ({@link Recipe#CIFAR}). */
    public static final int CIFAR_EPOCHS = 10;
    /** Seed of the cached classifiers. */
    public static final long SEED = 1;

    private final String name;
    private final Recipe recipe;
    private final NDManager manager;
    private final SequentialBlock body;
    private final SequentialBlock head;
    private final SequentialBlock whole;
    private final int classes;
    private final int channels;
    private String sha256 = "not saved";

    /**
     * The network and training recipe of one image size: what the classifier of a data set is
     * made of and how {@link #cached} trains it.
     */
    public enum Recipe {
        /** 28x28 images (MNIST, Fashion-MNIST, MNIST-M-like): {@value #EPOCHS} epochs as they are. */
        DIGITS(28, EPOCHS, 0, false),
        /**
         * 32x32 images (CIFAR-10): {@value #CIFAR_EPOCHS} epochs of random shifts of up to 4
         * pixels and mirror images, which a deeper network needs not to learn its 50,000 images
         * by heart.
         */
        CIFAR(32, CIFAR_EPOCHS, 4, true);

        private final int size;
        private final int epochs;
        private final int shift;
        private final boolean flip;

        Recipe(int size, int epochs, int shift, boolean flip) {
            this.size = size;
            this.epochs = epochs;
            this.shift = shift;
            this.flip = flip;
        }

        /** The recipe of {@code images}' size, or a {@link BadInputException} naming the set. */
        public static Recipe of(ImageSet images) {
            return of(images.name(), images.channels(), images.height(), images.width());
        }

        static Recipe of(String what, int channels, int height, int width) {
            for (Recipe r : values()) {
                if (height == r.size && width == r.size) {
                    return r;
                }
            }
            throw new BadInputException(what + ": " + channels + "x" + height + "x" + width
                    + " images; the domain classifier expects 28x28 (MNIST, Fashion-MNIST,"
                    + " MNIST-M-like) or 32x32 (CIFAR-10)");
        }

        /** Side of the square images it takes. */
        public int size() {
            return size;
        }

        /** Epochs the cached classifier trains, the last at a tenth of the learning rate. */
        public int epochs() {
            return epochs;
        }
    }

    private DomainClassifier(String name, int classes, int channels, Recipe recipe) {
        if (classes < 2) {
            throw new BadInputException(name + ": " + classes + " classes; expected 2 or more");
        }
        if (channels < 1) {
            throw new BadInputException(name + ": " + channels + " channels; expected 1 or more");
        }
        this.name = name;
        this.recipe = recipe;
        this.classes = classes;
        this.channels = channels;
        this.manager = NDManager.newBaseManager();
        this.body = recipe == Recipe.DIGITS ? digitsBody() : cifarBody();
        this.head = new SequentialBlock().add(Linear.builder().setUnits(classes).build());
        this.whole = new SequentialBlock().add(body).add(head);
    }

    /** The 28x28 network: two 5x5 convolutions with max-pooling, then the features. */
    private static SequentialBlock digitsBody() {
        return new SequentialBlock()
                .add(Conv.of(16, 5, 1, 2, true))
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Conv.of(32, 5, 1, 2, true))
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(FEATURES).build())
                .add(Activation.reluBlock());
    }

    /**
     * The 32x32 network: three stages of two 3x3 convolutions (32, 64, 128 channels) with batch
     * norm and max-pooling, then the features.
     */
    private static SequentialBlock cifarBody() {
        SequentialBlock b = new SequentialBlock();
        for (int width : new int[] {32, 64, 128}) {
            for (int k = 0; k < 2; k++) {
                b.add(Conv.of(width, 3, 1, 1, false))
                        .add(BatchNorm.builder().build())
                        .add(Activation.reluBlock());
            }
            b.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        return b.add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(FEATURES).build())
                .add(Activation.reluBlock());
    }

    /**
     * A classifier of {@code channels x S x S} images, S the recipe's, with DJL's default
     * initialisation (He-style normal weights, zero biases). For 1 channel at 28x28 the draws are
     * those the grey classifiers always had.
     */
    private static DomainClassifier create(String name, int classes, int channels, Recipe recipe) {
        DomainClassifier c = new DomainClassifier(name, classes, channels, recipe);
        c.whole.initialize(
                c.manager, DataType.FLOAT32, new Shape(1, channels, recipe.size, recipe.size));
        return c;
    }

    /** The default cache folder of trained classifiers: {@code ~/.gankit/cache/domain}. */
    public static Path defaultCache() {
        return Path.of(System.getProperty("user.home"), ".gankit", "cache", "domain");
    }

    /** Where {@link #cached} keeps the classifier of {@code dataset}: {@code cacheDir/DATASET-cnn.params}. */
    public static Path cacheFile(Path cacheDir, String dataset) {
        return cacheDir.resolve(dataset + "-cnn.params");
    }

    /**
     * Trains a classifier on {@code train} ({@code C x 28 x 28} or {@code C x 32 x 32} images, the
     * network and augmentation of its {@link Recipe}) for {@code epochs} epochs, seeded,
     * printing one line per epoch to {@code log} (may be null). With more than one epoch the last
     * runs at a tenth of the learning rate. This is the cached classifiers' recipe ({@link #cached});
     * an epoch is {@code size / }{@value #BATCH} steps, each image seen at most once (the last partial
     * batch is dropped; a set smaller than a batch is one batch).
     */
    public static DomainClassifier train(
            String name, ImageSet train, int epochs, long seed, PrintStream log) {
        if (epochs < 1) {
            throw new BadInputException(name + ": " + epochs + " epochs; expected 1 or more");
        }
        long perPass = stepsPerPass(train);
        long steps = epochs * perPass;
        // the recipe: the last epoch at a tenth of the rate, logged epoch by epoch
        return fit(
                name,
                train,
                steps,
                epochs > 1 ? steps - perPass : steps,
                seed,
                done -> done % perPass == 0,
                done -> "epoch " + done / perPass,
                log);
    }

    /**
     * Trains a classifier on {@code train} for a number of {@code steps} rather than epochs: the
     * way to train on a small labelled set (100 images make one step an epoch), the same loop as
     * {@link #train(String, ImageSet, int, long, PrintStream)} and the same schedule in proportion:
     * the last third of the steps at a tenth of the learning rate, as the recipe's last of
     * {@value #EPOCHS} epochs. Each pass over the set is a fresh shuffle; a pass is
     * {@code size / }{@value #BATCH} steps (one step for a set smaller than a batch, which is then
     * the batch). Logs a line to {@code log} (may be null) when each rate ends.
     */
    public static DomainClassifier trainSteps(
            String name, ImageSet train, long steps, long seed, PrintStream log) {
        if (steps < 1) {
            throw new BadInputException(name + ": " + steps + " steps; expected 1 or more");
        }
        long slowFrom = steps - steps / 3;
        return fit(
                name,
                train,
                steps,
                slowFrom,
                seed,
                done -> done == slowFrom || done == steps,
                done -> "step " + done + " of " + steps,
                log);
    }

    /** Steps in one pass over {@code train}: its full batches, or one when it is smaller than a batch. */
    private static long stepsPerPass(ImageSet train) {
        return Math.max(1, train.size() / BATCH);
    }

    /**
     * The one training loop of the classifier: {@code steps} steps of Adam (1e-3, then 1e-4 from
     * step {@code slowFrom}, with fresh moments, as a restart), batches of {@value #BATCH} images
     * (the whole set when smaller) in an order shuffled afresh at the start of every pass, a line to
     * {@code log} with the mean loss since the last one whenever {@code logAfter} holds for the steps
     * done, named by {@code logName}.
     */
    private static DomainClassifier fit(
            String name,
            ImageSet train,
            long steps,
            long slowFrom,
            long seed,
            LongPredicate logAfter,
            LongFunction<String> logName,
            PrintStream log) {
        Recipe recipe = Recipe.of(train);
        if (train.size() == 0) {
            throw new BadInputException(
                    train.name() + ": no images; expected at least one to train on");
        }
        Engines.ensure(); // checked before any network trains, whoever trains it
        // DJL's initialisers draw from the engine's generator: seeded here, as GanTrainer does for
        // dropout
        Engine.getInstance().setRandomSeed((int) seed);
        DomainClassifier c = create(name, train.classNames().size(), train.channels(), recipe);
        SplittableRandom random = new SplittableRandom(seed);
        // a stream of its own, so that the shuffles stay those of the recipes without augmentation
        SplittableRandom augmentation = new SplittableRandom(~seed);
        int n = train.size();
        int batch = Math.min(BATCH, n);
        long perPass = stepsPerPass(train);
        int[] order = new int[n];
        ParameterStore store = new ParameterStore(c.manager, false);
        Loss loss = Loss.softmaxCrossEntropyLoss();
        Adam adam = new Adam(c.whole, c.manager, 1e-3, 0.9, 0.999);
        boolean trained = false;
        try {
            long started = System.nanoTime();
            double lossSum = 0;
            int logged = 0;
            for (long step = 0; step < steps; step++) {
                if (step == slowFrom) {
                    // the last part at a tenth of the rate settles the weights
                    adam.close();
                    adam = new Adam(c.whole, c.manager, 1e-4, 0.9, 0.999);
                }
                if (step % perPass == 0) {
                    // a fresh shuffle of 0..n-1 each pass, drawn in turn from the one seeded stream
                    for (int i = 0; i < n; i++) {
                        order[i] = i;
                    }
                    for (int i = n - 1; i > 0; i--) {
                        int j = random.nextInt(i + 1);
                        int t = order[i];
                        order[i] = order[j];
                        order[j] = t;
                    }
                }
                int from = (int) (step % perPass) * batch;
                try (NDManager scope = c.manager.newSubManager()) {
                    NDArray x = recipe.shift > 0 || recipe.flip
                            ? train.augmentedBatch(
                                    scope,
                                    order,
                                    from,
                                    batch,
                                    recipe.shift,
                                    recipe.flip,
                                    augmentation)
                            : train.batch(scope, order, from, batch);
                    NDArray y = train.labels(scope, order, from, batch);
                    try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
                        NDArray logits =
                                c.whole.forward(store, new NDList(x), true).singletonOrThrow();
                        NDArray l = loss.evaluate(new NDList(y), new NDList(logits));
                        g.backward(l);
                        lossSum += l.getFloat();
                    }
                    adam.step();
                    logged++;
                }
                if (log != null && logAfter.test(step + 1)) {
                    log.printf(
                            Locale.ROOT,
                            "%s %s: loss %.4f, %.0f s%n",
                            name,
                            logName.apply(step + 1),
                            lossSum / logged,
                            (System.nanoTime() - started) / 1e9);
                    started = System.nanoTime();
                    lossSum = 0;
                    logged = 0;
                }
            }
            trained = true;
        } finally {
            adam.close();
            if (!trained) {
                c.close();
            }
        }
        return c;
    }

    /**
     * The classifier of a data set ({@code mnist}, {@code fashion-mnist}): loaded from
     * {@link #cacheFile cacheDir/DATASET-cnn.params} when present, else trained with the recipe
     * ({@value #EPOCHS} epochs, seed {@value #SEED}) on the training split, its test accuracy printed
     * to {@code log} (may be null), and saved there. A cache folder that cannot be written costs a
     * retraining next time, not this run.
     */
    public static DomainClassifier cached(
            String dataset, DataFolder data, Path cacheDir, PrintStream log) {
        return cached(
                dataset,
                cacheFile(cacheDir, dataset),
                Datasets.load(dataset, Datasets.Split.TEST, data),
                () -> Datasets.load(dataset, Datasets.Split.TRAIN, data),
                log);
    }

    /**
     * The classifier of the MNIST-M-like digits built with construction {@code seed} ({@link
     * DigitDomains}, domain B of {@code DigitDomains.unpaired}; {@link DigitDomains#SEED} is the
     * kit's): loaded from {@code cacheDir/mnist-m-like-seed-SEED-cnn.params} when present, else
     * trained with the recipe of {@link #cached} (3 x 28 x 28 images, {@value #EPOCHS} epochs,
     * seed {@value #SEED}) on domain B's training images (MNIST's training digits 30,000..59,999 on
     * CIFAR-10 patches), its accuracy on domain B's test images printed to {@code log} (may be
     * null), and saved there.
     */
    public static DomainClassifier cachedMnistMLike(
            DataFolder data, long seed, Path cacheDir, PrintStream log) {
        String key = DigitDomains.MNIST_M_LIKE + "-seed-" + seed;
        return cached(
                key,
                cacheFile(cacheDir, key),
                DigitDomains.unpaired(data, Datasets.Split.TEST, seed).b(),
                () -> DigitDomains.unpaired(data, Datasets.Split.TRAIN, seed).b(),
                log);
    }

    /** {@link #cachedMnistMLike(DataFolder, long, Path, PrintStream)} in the {@link #defaultCache()}. */
    public static DomainClassifier cachedMnistMLike(DataFolder data, long seed, PrintStream log) {
        return cachedMnistMLike(data, seed, defaultCache(), log);
    }

    /**
     * The classifier cached as {@code file}, or trained by the recipe on {@code train}, its
     * accuracy on {@code test} logged, and saved as {@code file}.
     */
    private static DomainClassifier cached(
            String key, Path file, ImageSet test, Supplier<ImageSet> train, PrintStream log) {
        String name = key + "-cnn";
        Recipe recipe = Recipe.of(test);
        if (Files.isRegularFile(file)) {
            return load(file, name, test.classNames().size(), test.channels(), recipe.size);
        }
        if (log != null) {
            log.printf(
                    Locale.ROOT,
                    "training the %s classifier (%d epochs, once; cached as %s)%n",
                    key,
                    recipe.epochs,
                    file);
        }
        DomainClassifier c = train(name, train.get(), recipe.epochs, SEED, log);
        if (log != null) {
            log.printf(Locale.ROOT, "%s test accuracy %.4f%n", name, c.accuracy(test));
        }
        try {
            c.save(file);
        } catch (UncheckedIOException e) {
            System.err.println("could not cache the " + key + " classifier: " + e.getMessage()
                    + " (" + e.getCause().getMessage() + ")");
        }
        return c;
    }

    /** {@link #cached(String, DataFolder, Path, PrintStream)} in the {@link #defaultCache()}. */
    public static DomainClassifier cached(String dataset, DataFolder data, PrintStream log) {
        return cached(dataset, data, defaultCache(), log);
    }

    /**
     * Loads a classifier of {@code classes} classes written by {@link #save}. A file that is not one
     * (truncated, corrupt, another network, another number of classes, bytes after the end) is a
     * {@link BadInputException} naming it.
     */
    public static DomainClassifier load(Path file, String name, int classes) {
        return load(file, name, classes, 1);
    }

    /**
     * Loads a classifier of {@code classes} classes and {@code channels x 28 x 28} images written
     * by {@link #save}, refusing a file that is not one as {@link #load(Path, String, int)} does.
     */
    public static DomainClassifier load(Path file, String name, int classes, int channels) {
        return load(file, name, classes, channels, Recipe.DIGITS.size);
    }

    /**
     * Loads a classifier of {@code classes} classes and {@code channels x size x size} images
     * (28 or 32) written by {@link #save}, refusing a file that is not one as {@link
     * #load(Path, String, int)} does.
     */
    public static DomainClassifier load(
            Path file, String name, int classes, int channels, int size) {
        Recipe recipe = Recipe.of(file.toString(), channels, size, size);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(
                    file + ": no such file; expected " + name + " parameters written by "
                            + "DomainClassifier.save (./gankit classify --build makes them)");
        }
        DomainClassifier c = create(name, classes, channels, recipe);
        try {
            List<Pair<String, Shape>> expected = new ArrayList<>();
            for (Pair<String, Parameter> p : c.whole.getParameters()) {
                expected.add(new Pair<>(p.getKey(), p.getValue().getArray().getShape()));
            }
            try (DataInputStream in =
                    new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                c.body.loadParameters(c.manager, in);
                c.head.loadParameters(c.manager, in);
                if (in.read() != -1) {
                    throw new BadInputException(
                            file + ": bytes after the last parameter; expected a file of " + name
                                    + " parameters written by DomainClassifier.save and nothing else");
                }
            }
            int i = 0;
            for (Pair<String, Parameter> p : c.whole.getParameters()) {
                Shape found = p.getValue().getArray().getShape();
                if (!found.equals(expected.get(i).getValue())) {
                    throw new BadInputException(file + ": parameter " + p.getKey() + " has shape "
                            + found + "; expected " + expected.get(i).getValue() + " (a " + classes
                            + "-class classifier of " + channels + "x" + size + "x" + size
                            + " images)");
                }
                i++;
            }
            c.sha256 = DataFolder.sha256(file);
        } catch (BadInputException e) {
            c.close();
            throw e;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            c.close();
            throw new BadInputException(
                    file + ": not readable as " + name + " parameters (" + e + "); expected a "
                            + "file written by DomainClassifier.save; delete it to retrain",
                    e);
        }
        return c;
    }

    /**
     * Writes the parameters (DJL's format) atomically ({@link AtomicFiles}) and records the SHA-256 of
     * the bytes written.
     */
    public void save(Path file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(bytes)) {
            body.saveParameters(data);
            head.saveParameters(data);
        } catch (IOException e) {
            throw new UncheckedIOException("could not serialise " + name + " for " + file, e);
        }
        byte[] content = bytes.toByteArray();
        AtomicFiles.write(file, out -> out.write(content));
        try {
            sha256 = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Number of classes. */
    public int classes() {
        return classes;
    }

    /** Channels of the images it classifies (1 for grey). */
    public int channels() {
        return channels;
    }

    /** Share of {@code test} whose predicted class is its label. */
    public double accuracy(ImageSet test) {
        int correct = 0;
        try (NDManager scope = manager.newSubManager()) {
            int[] predicted = predict(test.uint8(scope));
            for (int i = 0; i < predicted.length; i++) {
                if (predicted[i] == test.label(i)) {
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
        return channels == 1
                ? "none: " + recipe.size + "x" + recipe.size + " grayscale as trained"
                : "none: " + channels + "x" + recipe.size + "x" + recipe.size + " as trained";
    }

    @Override
    public Features features(NDArray images) {
        return run(images, true);
    }

    @Override
    public Features probabilities(NDArray images) {
        return run(images, false);
    }

    /** The class (arg-max of the probabilities, the first on ties) of each image, values 0..255. */
    public int[] predict(NDArray images) {
        Features p = probabilities(images);
        int[] out = new int[p.n()];
        float[] v = p.values();
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int j = 1; j < classes; j++) {
                if (v[i * classes + j] > v[i * classes + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** How many images fall in each class ({@link #predict}). */
    public int[] classHistogram(NDArray images) {
        int[] counts = new int[classes];
        for (int k : predict(images)) {
            counts[k]++;
        }
        return counts;
    }

    /**
     * The classifier's {@value #FEATURES}-d penultimate layer as a {@link FeatureMap} for a content
     * loss ({@code ContentLoss.features}): SRGAN's "VGG loss" with the kit's own network in place of
     * ImageNet's VGG19. It takes images in [-1, 1] (the generator's range, which is what the network
     * sees after {@link #features}' {@code x / 127.5 - 1}), so its values equal {@link #features}' on
     * the same images, but it keeps the graph: called in a gradient collector, the gradient reaches
     * the images, and through them the generator.
     *
     * <p>The classifier's parameters stop requiring gradients here, for good. No optimiser holds
     * them, so they would not change either way; but left requiring gradients, every backward
     * through the content loss would also compute the weight gradients of both convolutions and the
     * linear layer (about as much work again as the input gradients) and add them into buffers that
     * nothing zeroes or reads. A classifier is trained only inside {@link #train} and {@link
     * #trainSteps}, which return it finished, so freezing afterwards takes nothing away; {@link
     * #features} and {@link #probabilities} run without a collector and are unaffected.
     */
    public FeatureMap featureMap() {
        for (Pair<String, Parameter> p : body.getParameters()) {
            p.getValue().getArray().setRequiresGradient(false);
        }
        ParameterStore store = new ParameterStore(manager, false);
        String label = name + " penultimate";
        return new FeatureMap() {
            @Override
            public NDArray apply(NDArray images) {
                Shape s = images.getShape();
                if (!fits(s)) {
                    throw new BadInputException("images of shape " + s + " for " + label
                            + "; expected (n, " + channels + ", " + recipe.size + ", "
                            + recipe.size + ") in [-1, 1]");
                }
                // Inference mode: the network has no dropout or batch norm, and its weights are
                // fixed; the collector around the call still records the graph to the images.
                return body.forward(store, new NDList(images), false).singletonOrThrow();
            }

            @Override
            public String name() {
                return label;
            }
        };
    }

    /** The whole network, for tests that check its parameters stay as they were. */
    SequentialBlock network() {
        return whole;
    }

    /** Whether images of shape {@code s} are a batch this classifier takes. */
    private boolean fits(Shape s) {
        return s.dimension() == 4
                && s.get(1) == channels
                && s.get(2) == recipe.size
                && s.get(3) == recipe.size;
    }

    private Features run(NDArray images, boolean features) {
        Shape s = images.getShape();
        if (!fits(s)) {
            throw new BadInputException("images of shape " + s + " for " + name + "; expected (n, "
                    + channels + ", " + recipe.size + ", " + recipe.size + ") with values 0..255");
        }
        int n = Math.toIntExact(s.get(0));
        int dim = features ? FEATURES : classes;
        float[] out = new float[n * dim];
        ParameterStore store = new ParameterStore(manager, false);
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = images.get(new NDIndex("{}:{}", from, to));
                x.attach(scope); // a view of the caller's images; it goes with the scope
                x = x.toDevice(manager.getDevice(), false)
                        .toType(DataType.FLOAT32, false)
                        .div(127.5f)
                        .sub(1f);
                NDArray f = body.forward(store, new NDList(x), false).singletonOrThrow();
                NDArray result = features
                        ? f
                        : head.forward(store, new NDList(f), false)
                                .singletonOrThrow()
                                .softmax(1);
                System.arraycopy(result.toFloatArray(), 0, out, from * dim, (to - from) * dim);
            }
        }
        return new Features(out, n, dim);
    }

    @Override
    public void close() {
        manager.close();
    }
}
