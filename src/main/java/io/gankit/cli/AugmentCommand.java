package io.gankit.cli;

import io.gankit.BadInputException;
import io.gankit.Shard;
import io.gankit.WorkerProcesses;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.experiment.Augmentation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ./gankit augment}: does a conditional GAN trained on few labelled images help a
 * classifier trained on them? ({@link Augmentation}: per labelled count and seed, the cGAN on the
 * labelled subset alone, then the classifier on the real images, on them plus cGAN samples, and on
 * the samples alone, scored on the test set.)
 */
public final class AugmentCommand implements Command {
    private static final Augmentation.Settings FULL =
            Augmentation.Settings.builder().build();

    static final Flag<String> DATASET = Flag.choice(
                    "dataset",
                    "NAME",
                    List.of("mnist", "fashion-mnist"),
                    "the data set: mnist or fashion-mnist")
            .defaultsTo("mnist");
    static final Flag<List<Integer>> LABELS = Flag.of(
                    "labels",
                    "LIST",
                    new Flag.Type<>(
                            "positive whole numbers, comma-separated, such as 100,1000",
                            AugmentCommand::counts,
                            list -> list.stream()
                                    .map(String::valueOf)
                                    .collect(Collectors.joining(","))),
                    "labelled training images, class-balanced, a multiple of the class count;"
                            + " one cell each")
            .defaultsTo(FULL.labels())
            .also(Augmentation.QUICK_LABELS.get(0) + " with --quick");
    static final Flag<Integer> SEEDS = Flag.whole("seeds", "N", "seeds 1..N per labelled count")
            .defaultsTo(FULL.seeds())
            .atLeast(1)
            .also(Augmentation.QUICK_SEEDS + " with --quick");
    static final Flag<Integer> SYNTHETIC = Flag.whole(
                    "synthetic",
                    "M",
                    "cGAN samples added to the labelled images (balanced, a multiple of the "
                            + "class count), the same M for every labelled count")
            .defaultsTo(FULL.synthetic())
            .atLeast(1)
            .also(Augmentation.QUICK_SYNTHETIC + " with --quick");
    static final Flag<Long> GAN_STEPS = Flag.wholeLong(
                    "gan-steps", "S", "steps of the conditional GAN (conditional-mlp)")
            .defaultsTo(FULL.ganSteps())
            .atLeast(1)
            .also(Augmentation.QUICK_STEPS + " with --quick");
    static final Flag<Long> CLASSIFIER_STEPS = Flag.wholeLong(
                    "classifier-steps",
                    "C",
                    "steps of each classifier (the kit's domain classifier, batch 128 or the "
                            + "whole set when smaller; the last third at a tenth of the rate)")
            .defaultsTo(FULL.classifierSteps())
            .atLeast(1)
            .also(Augmentation.QUICK_STEPS + " with --quick");
    static final Flag<Integer> WORKERS = Flags.workers(
            "run the jobs in N worker processes of one engine thread each; their rows are merged into one table");
    static final Flag<Shard> SHARD = Flags.shard("jobs");
    static final Flag<Path> OUT = Flag.path(
                    "out", "DIR", "where runs.csv, cells.csv, accuracy.png and the sample grids go")
            .shownAs("runs/augment/DATASET, runs/augment/DATASET-quick with --quick");
    static final Flag<Path> DATA = Flags.data("data folder");
    static final Flag<Boolean> QUICK = Flag.toggle(
            "quick",
            "a smoke test of seconds: " + Augmentation.QUICK_STEPS + " steps, "
                    + Augmentation.QUICK_SEEDS + " seeds, scored on "
                    + String.format(Locale.ROOT, "%,d", Augmentation.QUICK_TEST)
                    + " test images; not a result");

    static final Flags FLAGS = Flags.of(
            DATASET,
            LABELS,
            SEEDS,
            SYNTHETIC,
            GAN_STEPS,
            CLASSIFIER_STEPS,
            WORKERS,
            SHARD,
            OUT,
            DATA,
            QUICK);

    @Override
    public String name() {
        return "augment";
    }

    @Override
    public String summary() {
        return "a classifier on 100 / 1,000 labels alone vs with conditional-GAN samples added, over seeds";
    }

    @Override
    public String description() {
        return """
                For each labelled count and seed: a class-balanced labelled subset of the training set, a
                conditional GAN trained on that subset alone, then the kit's classifier trained for the same
                steps on (a) the labelled images, (b) them plus M balanced cGAN samples labelled with the class
                asked for, (c) the samples alone; test accuracy on the full test set. Writes runs.csv (one row
                per job), cells.csv (mean and sd over seeds per labelled count), accuracy.png, and for seed 1
                the cGAN's samples and the labelled images a row per class.""";
    }

    @Override
    public Flags flags() {
        return FLAGS;
    }

    /** The networks are small: one engine thread a process, as {@code modes} and {@code sweep}. */
    @Override
    public int preferredThreads() {
        return 1;
    }

    @Override
    public int run(Args args) throws Exception {
        boolean quick = args.get(QUICK);
        Augmentation.Settings base =
                quick ? Augmentation.Settings.quickBuilder().build() : FULL;
        String dataset = args.get(DATASET);
        Augmentation.Settings s = Augmentation.Settings.builder()
                .setDataset(dataset)
                .optLabels(args.getOr(LABELS, base.labels()))
                .optSeeds(args.getOr(SEEDS, base.seeds()))
                .optSynthetic(args.getOr(SYNTHETIC, base.synthetic()))
                .optGanSteps(args.getOr(GAN_STEPS, base.ganSteps()))
                .optClassifierSteps(args.getOr(CLASSIFIER_STEPS, base.classifierSteps()))
                .optTestLimit(base.testLimit())
                .build();
        Path out = args.has(OUT)
                ? args.get(OUT)
                : Path.of("runs", "augment", dataset + (quick ? "-quick" : ""));
        int workers = args.get(WORKERS);
        Shard shard = args.get(SHARD);
        if (workers > 1 && !shard.isAll()) {
            throw new BadInputException("--shard " + shard + " with --workers " + workers
                    + ": give one or the other (--workers runs every shard itself)");
        }
        DataFolder data = DataFolder.resolve(args.get(DATA));
        List<Augmentation.Job> jobs = Augmentation.jobs(s);
        if (!shard.isAll()) {
            Files.createDirectories(out);
            // a worker: its rows go to its own part file, rewritten after every job
            Path part = WorkerProcesses.partFile(out.resolve("runs.csv"), shard);
            // a part file left by a killed start holds finished jobs: they are kept, not redone
            List<Augmentation.Result> results = new ArrayList<>(
                    Files.exists(part)
                            ? Augmentation.readRuns(part).stream()
                                    .filter(r -> r.synthetic() == s.synthetic()
                                            && jobs.contains(r.job()))
                                    .toList()
                            : List.of());
            Set<Augmentation.Job> kept =
                    results.stream().map(Augmentation.Result::job).collect(Collectors.toSet());
            Augmentation.run(jobs, shard, kept, s, data, out, System.out, r -> {
                results.add(r);
                Augmentation.writeRuns(results, part);
            });
            return 0;
        }
        // refused here, before a worker starts: labels or samples the data set cannot balance
        Augmentation.check(s, Datasets.load(dataset, Datasets.Split.TRAIN, data));
        Files.createDirectories(out);
        System.out.printf(
                Locale.ROOT,
                "augment %s: %d jobs (labels %s x %d seeds); cGAN %,d steps, classifiers %,d steps,"
                        + " %,d cGAN samples added; test on %s images; into %s%n",
                dataset,
                jobs.size(),
                s.labels(),
                s.seeds(),
                s.ganSteps(),
                s.classifierSteps(),
                s.synthetic(),
                s.testLimit() == 0 ? "all" : String.format(Locale.ROOT, "%,d", s.testLimit()),
                out.toAbsolutePath());
        List<Augmentation.Result> results;
        int code = 0;
        if (workers > 1) {
            List<String> same = args.given(List.of(WORKERS, SHARD, OUT));
            List<Shard> failed = WorkerProcesses.run(workers, Main.class.getName(), k -> {
                List<String> argv = new ArrayList<>(
                        List.of("augment", "--shard", k.toString(), "--out", out.toString()));
                argv.addAll(same);
                return argv;
            });
            List<Path> parts = Shard.all(workers).stream()
                    .map(k -> WorkerProcesses.partFile(out.resolve("runs.csv"), k))
                    .toList();
            List<Augmentation.Result> merged = new ArrayList<>();
            for (Path part : parts) {
                if (Files.exists(part)) {
                    merged.addAll(Augmentation.readRuns(part));
                }
            }
            results = Augmentation.inJobOrder(jobs, merged);
            if (!failed.isEmpty()) {
                System.err.println("gankit augment: worker(s) " + failed
                        + " failed; their finished jobs are kept in " + parts);
                code = 1;
            } else {
                for (Path part : parts) {
                    Files.deleteIfExists(part);
                }
            }
        } else {
            List<Augmentation.Result> done = new ArrayList<>();
            Augmentation.run(jobs, Shard.ALL, Set.of(), s, data, out, System.out, r -> {
                done.add(r);
                Augmentation.writeRuns(done, out.resolve("runs.csv"));
            });
            results = done;
        }
        if (!results.isEmpty()) {
            Augmentation.writeSummary(results, out);
            System.out.println();
            System.out.print(Augmentation.summaryText(results));
            System.out.println("wrote " + out.resolve("runs.csv") + ", cells.csv, accuracy.png"
                    + " and the sample grids (" + results.size() + " of " + jobs.size()
                    + " jobs)");
        }
        return code;
    }

    /** {@code 100,1000} as numbers; anything else throws, and the flag names the text. */
    private static List<Integer> counts(String text) {
        List<Integer> out = Arrays.stream(text.split(",", -1))
                .map(t -> Integer.parseInt(t.strip().replace("_", "")))
                .toList();
        if (out.stream().anyMatch(n -> n <= 0)) {
            throw new IllegalArgumentException(text);
        }
        return out;
    }
}
