package io.gankit.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
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

/** {@code ./gankit classify RUN}: what the domain classifier says about a run's samples. */
public final class ClassifyCommand implements Command {
    static final Flag<Integer> PER_CLASS = Flag.whole("per-class", "N",
            "images per class (conditional) or N * classes in all").defaultsTo(1000).atLeast(1);
    static final Flag<Long> SEED = Flag.wholeLong("seed", "N", "seed of the latent noise").defaultsTo(1L);
    static final Flag<Path> CACHE = Flag.path("cache", "DIR", "where the classifier is kept")
            .defaultsTo(Path.of(System.getProperty("user.home"), ".gankit", "cache", "domain"));
    static final Flag<Path> DATA = Flags.data("data folder");
    static final Flags FLAGS = Flags.of(PER_CLASS, SEED, CACHE, DATA).withArguments("RUN", 1, 1);

    @Override
    public String name() {
        return "classify";
    }

    @Override
    public String summary() {
        return "a run's samples through the MNIST / Fashion-MNIST classifier: class agreement or class histogram";
    }

    @Override
    public String description() {
        return """
                Samples the generator of run folder RUN and classifies the images with the kit's domain
                classifier of the run's data set (trained once, about a minute per epoch, and cached).
                A conditional run reports the share of images classified as the class they were
                generated for, per class; an unconditional one the histogram of classes it produces.""";
    }

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(Args args) {
        Path runDir = Path.of(args.positional().get(0));
        int perClass = args.get(PER_CLASS);
        long seed = args.get(SEED);
        Path cache = args.get(CACHE);
        DataFolder data = DataFolder.resolve(args.get(DATA));
        TrainConfig config = Run.readConfig(runDir);
        List<String> classes = Datasets.load(config.dataset(), Datasets.Split.TEST, data).classNames();
        try (NDManager manager = NDManager.newBaseManager();
                Gan gan = Run.loadGan(runDir, manager);
                DomainClassifier classifier = DomainClassifier.cached(config.dataset(), data, cache, System.out)) {
            System.out.println("classifier: " + classifier.name() + " (sha256 " + classifier.sha256() + ")");
            if (gan.spec().conditional()) {
                System.out.print(ClassAgreement.measure(gan, classifier, perClass, seed).toText(classes));
            } else {
                int n = perClass * classes.size();
                int[] histogram = new int[classes.size()];
                SplittableRandom random = new SplittableRandom(seed);
                for (int done = 0; done < n; done += 500) {
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray images = gan.generate(gan.latent(scope, Math.min(500, n - done), random), false);
                        int[] h = classifier.classHistogram(Quantization.fromSigned(images));
                        for (int k = 0; k < h.length; k++) {
                            histogram[k] += h[k];
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "class histogram of %d generated images%n", n);
                for (int k = 0; k < histogram.length; k++) {
                    System.out.printf(Locale.ROOT, "  %-12s %6d  %5.1f%%%n", classes.get(k), histogram[k], 100.0 * histogram[k] / n);
                }
            }
        }
        return 0;
    }
}
