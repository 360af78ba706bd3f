package io.gankit.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.gankit.BadInputException;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import io.gankit.metrics.ClassAgreement;
import io.gankit.metrics.DomainClassifier;
import io.gankit.metrics.Quantization;
import io.gankit.nn.Gan;
import io.gankit.train.Run;
import io.gankit.train.TrainConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** {@code ./gankit classify RUN}: what the domain classifier says about a run's samples; {@code --build} retrains it. */
public final class ClassifyCommand implements Command {
    static final Flag<Integer> PER_CLASS = Flag.whole(
                    "per-class", "N", "images per class (conditional) or N * classes in all")
            .defaultsTo(1000)
            .atLeast(1);
    static final Flag<Long> SEED =
            Flag.wholeLong("seed", "N", "seed of the latent noise").defaultsTo(1L);
    static final Flag<Path> CACHE = Flag.path("cache", "DIR", "where the classifiers are kept")
            .defaultsTo(DomainClassifier.defaultCache());
    static final Flag<Path> DATA = Flags.data("data folder");
    static final Flag<Boolean> BUILD =
            Flag.toggle("build", "train and save the classifiers instead of classifying a run");
    static final Flag<List<String>> DATASETS = Flag.list(
                    "datasets",
                    "LIST",
                    List.of("mnist", "fashion-mnist", "cifar10"),
                    "with --build: the data sets, comma-separated")
            .defaultsTo(List.of("mnist", "fashion-mnist"));
    static final Flag<Integer> EPOCHS = Flag.whole(
                    "epochs",
                    "N",
                    "with --build: epochs, the last at a tenth of the learning rate (default: the"
                            + " recipe's, " + DomainClassifier.EPOCHS + " for 28x28 images, "
                            + DomainClassifier.CIFAR_EPOCHS + " for CIFAR-10)")
            .atLeast(1);
    static final Flag<Long> TRAIN_SEED = Flag.wholeLong(
                    "train-seed", "N", "with --build: seed of the initialisation and shuffling")
            .defaultsTo(DomainClassifier.SEED);
    static final Flags FLAGS = Flags.of(
                    PER_CLASS, SEED, CACHE, DATA, BUILD, DATASETS, EPOCHS, TRAIN_SEED)
            .withArguments("RUN", 0, 1);

    @Override
    public String name() {
        return "classify";
    }

    @Override
    public String summary() {
        return "a run's samples through the data set's domain classifier: class agreement or class"
                + " histogram; --build retrains the classifiers";
    }

    @Override
    public String description() {
        return """
                Samples the generator of run folder RUN and classifies the images with the kit's domain
                classifier of the run's data set (trained once and cached: MNIST and Fashion-MNIST in
                3 epochs of about a minute, CIFAR-10 in 10 epochs with shifted and mirrored images).
                A conditional run reports the share of images classified as the class they were
                generated for, per class; an unconditional one the histogram of classes it produces.
                With --build (and no RUN), trains the classifiers of --datasets afresh instead, saves them
                in the cache (replacing the cached ones) and prints their test accuracy and SHA-256.""";
    }

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(Args args) {
        if (args.get(BUILD)) {
            return build(args);
        }
        if (args.positional().size() != 1) {
            throw new BadInputException("classify takes one run folder (or --build); see --help");
        }
        Path runDir = Path.of(args.positional().get(0));
        int perClass = args.get(PER_CLASS);
        long seed = args.get(SEED);
        Path cache = args.get(CACHE);
        DataFolder data = DataFolder.resolve(args.get(DATA));
        TrainConfig config = Run.readConfig(runDir);
        List<String> classes =
                Datasets.load(config.dataset(), Datasets.Split.TEST, data).classNames();
        try (NDManager manager = NDManager.newBaseManager();
                Gan gan = Run.loadGan(runDir, manager);
                DomainClassifier classifier =
                        DomainClassifier.cached(config.dataset(), data, cache, System.out)) {
            System.out.println(
                    "classifier: " + classifier.name() + " (sha256 " + classifier.sha256() + ")");
            if (gan.spec().conditional()) {
                System.out.print(
                        ClassAgreement.measure(gan, classifier, perClass, seed).toText(classes));
            } else {
                int n = perClass * classes.size();
                int[] histogram = new int[classes.size()];
                SplittableRandom random = new SplittableRandom(seed);
                for (int done = 0; done < n; done += 500) {
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray images = gan.generate(
                                gan.latent(scope, Math.min(500, n - done), random), false);
                        int[] h = classifier.classHistogram(Quantization.fromSigned(images));
                        for (int k = 0; k < h.length; k++) {
                            histogram[k] += h[k];
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "class histogram of %d generated images%n", n);
                for (int k = 0; k < histogram.length; k++) {
                    System.out.printf(
                            Locale.ROOT,
                            "  %-12s %6d  %5.1f%%%n",
                            classes.get(k),
                            histogram[k],
                            100.0 * histogram[k] / n);
                }
            }
        }
        return 0;
    }

    /** {@code --build}: trains, saves and reports the classifiers of {@code --datasets}. */
    private static int build(Args args) {
        List<String> datasets = args.get(DATASETS);
        long seed = args.get(TRAIN_SEED);
        Path cache = args.get(CACHE);
        DataFolder data = DataFolder.resolve(args.get(DATA));
        if (!args.positional().isEmpty()) {
            throw new BadInputException("classify --build takes no run folder (got "
                    + args.positional() + "); see --help");
        }
        for (String dataset : datasets) {
            ImageSet train = Datasets.load(dataset, Datasets.Split.TRAIN, data);
            ImageSet test = Datasets.load(dataset, Datasets.Split.TEST, data);
            int epochs = args.getOr(EPOCHS, DomainClassifier.Recipe.of(train).epochs());
            long started = System.nanoTime();
            try (DomainClassifier c =
                    DomainClassifier.train(dataset + "-cnn", train, epochs, seed, System.out)) {
                double seconds = (System.nanoTime() - started) / 1e9;
                Path file = DomainClassifier.cacheFile(cache, dataset);
                c.save(file);
                System.out.printf(
                        Locale.ROOT,
                        "%s: test accuracy %.2f%% (%,d test images), %d epochs, seed %d, "
                                + "%.0f s of training; saved %s (sha256 %s)%n",
                        dataset,
                        100 * c.accuracy(test),
                        test.size(),
                        epochs,
                        seed,
                        seconds,
                        file,
                        c.sha256());
            }
        }
        return 0;
    }
}
