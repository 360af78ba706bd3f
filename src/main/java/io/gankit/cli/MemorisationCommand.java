package io.gankit.cli;

import io.gankit.data.DataFolder;
import io.gankit.experiment.MemorisationStudy;
import io.gankit.metrics.DomainClassifier;

import java.nio.file.Path;

/**
 * {@code ./gankit memorisation SWEEP_DIR}: do a sweep's generators copy their training images?
 * The work is {@link MemorisationStudy}'s; this verb reads the flags and writes what it found.
 */
public final class MemorisationCommand implements Command {
    static final Flag<Integer> SAMPLES = Flag.whole(
                    "samples", "N", "generated images scored per run")
            .defaultsTo(1000)
            .atLeast(2);
    static final Flag<Path> OUT = Flag.path(
                    "out", "DIR", "where the tables, charts and pictures go")
            .shownAs("SWEEP_DIR");
    static final Flag<Path> DATA = Flags.data("data folder with the runs' data sets");
    static final Flag<Path> CACHE = Flag.path(
                    "cache", "DIR", "where the domain classifiers (the feature space) are kept")
            .defaultsTo(DomainClassifier.defaultCache());

    static final Flags FLAGS = Flags.of(SAMPLES, OUT, DATA, CACHE).withArguments("SWEEP_DIR", 1, 1);

    @Override
    public String name() {
        return "memorisation";
    }

    @Override
    public String summary() {
        return "do a sweep's GANs copy? samples' nearest training images in pixels and features, a score per run";
    }

    @Override
    public String description() {
        return """
                For each finished run of the sweep folder SWEEP_DIR (./gankit sweep FILE --out DIR), samples
                its final generator and finds each sample's nearest training image and nearest held-out image
                (as many test images as training images searched; a random 10,000 of a larger training set),
                by L2 distance in pixels ([0, 1]) and in the domain classifier's features. Scores: the median
                of d_train / d_held (1: no preference for the training set; well below 1: copying) and the share
                of samples nearer a training image (1/2: none), beside the same scores of real training images
                that were not searched. Writes memorisation-runs.csv (a row per run), memorisation-cells.csv
                (mean and sd over seeds), memorisation-ratio.png and memorisation-closer.png (the scores
                against the training-set size) and memorisation-CELL.png (the samples that lean most to the
                training set | their nearest training image in pixels | in features). MNIST and Fashion-MNIST.""";
    }

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(Args args) {
        Path dir = Path.of(args.positional().get(0));
        MemorisationStudy study = MemorisationStudy.builder()
                .setSweep(dir)
                .setData(DataFolder.resolve(args.get(DATA)))
                .optSamples(args.get(SAMPLES))
                .optCache(args.get(CACHE))
                .optLog(System.out)
                .build();
        System.out.printf(
                "memorisation: %d finished run(s) of %s, %d samples each%n",
                study.finishedRuns().size(), dir.toAbsolutePath(), args.get(SAMPLES));
        MemorisationStudy.Result result = study.run();
        Path out = args.has(OUT) ? args.get(OUT) : dir;
        result.write(out);
        System.out.print(result.summaryText());
        System.out.println("wrote " + out.resolve("memorisation-runs.csv")
                + ", memorisation-cells.csv, charts and pictures");
        return 0;
    }
}
