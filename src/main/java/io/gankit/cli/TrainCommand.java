package io.gankit.cli;

import ai.djl.ndarray.NDManager;
import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.TrainingData;
import io.gankit.loss.Losses;
import io.gankit.nn.Architectures;
import io.gankit.nn.ModelSpec;
import io.gankit.train.ConsoleProgress;
import io.gankit.train.DivergenceException;
import io.gankit.train.Run;
import io.gankit.train.TrainConfig;
import io.gankit.train.TrainListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import sun.misc.Signal;

/** {@code ./gankit train}: trains a GAN into a run folder, or resumes one. */
public final class TrainCommand implements Command {
    /** The library's defaults, which the flags' defaults are read from. */
    private static final TrainConfig DEFAULTS = TrainConfig.builder().build();
    /** The models offered on the command line (the others are the lab's). */
    static final List<String> MODELS = List.of("mlp", "cifar-seed", "dcgan", "conditional-mlp");

    static final int QUICK_LIMIT = 2048;
    static final int QUICK_EPOCHS = 2;

    static final Flag<String> DATASET = Flag.choice(
                    "dataset", "NAME", Datasets.NAMES, String.join(" | ", Datasets.NAMES))
            .defaultsTo(DEFAULTS.dataset());
    static final Flag<String> MODEL = Flag.text("model", "NAME", String.join(" | ", MODELS))
            .defaultsTo(DEFAULTS.model().architecture())
            .also("the seed's MLP GAN");
    static final Flag<String> LOSS = Flag.choice(
                    "loss", "NAME", Losses.NAMES, String.join(" | ", Losses.NAMES))
            .defaultsTo(DEFAULTS.loss())
            .also("the seed's");
    static final Flag<Integer> EPOCHS = Flag.whole("epochs", "N", "passes over the data")
            .defaultsTo(DEFAULTS.epochs())
            .also(QUICK_EPOCHS + " with --quick");
    static final Flag<Integer> BATCH =
            Flag.whole("batch", "N", "batch size").shownAs("per model: " + batchDefaults());
    static final Flag<Double> LR = Flag.number("lr", "X", "Adam learning rate of both networks")
            .defaultsTo(DEFAULTS.learningRateD())
            .also("betas " + Flag.format(DEFAULTS.beta1()) + ", " + Flag.format(DEFAULTS.beta2()));
    static final Flag<Integer> LATENT =
            Flag.whole("latent", "N", "latent size").defaultsTo(DEFAULTS.model().latent());
    static final Flag<Long> SEED = Flag.wholeLong(
                    "seed", "N", "seed of weights, shuffling and noise")
            .defaultsTo(DEFAULTS.seed());
    static final Flag<Path> DATA = Flags.data("data folder");
    static final Flag<Path> OUT =
            Flag.path("out", "DIR", "run folder").shownAs("runs/DATASET-MODEL-TIMESTAMP");
    static final Flag<Integer> LIMIT = Flag.whole("limit", "N", "train on the first N images only")
            .defaultsTo(DEFAULTS.limit())
            .showZeroAs("all")
            .also(QUICK_LIMIT + " with --quick");
    static final Flag<Long> MAX_STEPS = Flag.wholeLong("max-steps", "N", "stop after N steps")
            .defaultsTo(DEFAULTS.maxSteps())
            .showZeroAs("no limit");
    static final Flag<Boolean> QUICK = Flag.toggle(
            "quick", "a quick try: --limit " + QUICK_LIMIT + " --epochs " + QUICK_EPOCHS);
    static final Flag<Integer> CRITIC_STEPS = Flag.whole(
                    "critic-steps", "N", "discriminator steps per generator step")
            .defaultsTo(DEFAULTS.criticSteps());
    static final Flag<Double> CLIP = Flag.number("clip", "C", "WGAN weight clipping of the critic")
            .defaultsTo(DEFAULTS.clip())
            .showZeroAs("off");
    static final Flag<Double> GP = Flag.number("gp", "LAMBDA", "WGAN-GP gradient penalty weight")
            .defaultsTo(DEFAULTS.gradientPenalty())
            .showZeroAs("off")
            .also("the paper: 10");
    static final Flag<Long> CHECKPOINT_EVERY = Flag.wholeLong(
                    "checkpoint-every", "N", "checkpoint every N steps")
            .defaultsTo(DEFAULTS.checkpointEvery())
            .also("also at each epoch end");
    static final Flag<Path> RESUME =
            Flag.path("resume", "RUN", "continue the run in folder RUN from its newest checkpoint");

    static final Flags FLAGS = Flags.of(
            DATASET,
            MODEL,
            LOSS,
            EPOCHS,
            BATCH,
            LR,
            LATENT,
            SEED,
            DATA,
            OUT,
            LIMIT,
            MAX_STEPS,
            QUICK,
            CRITIC_STEPS,
            CLIP,
            GP,
            CHECKPOINT_EVERY,
            RESUME);

    /** Flags that make up a run's config, and so cannot go with --resume: all but --resume and --data. */
    static final List<Flag<?>> CONFIG_FLAGS =
            FLAGS.all().stream().filter(f -> f != RESUME && f != DATA).toList();

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train a GAN (default: the seed's MNIST GAN) into a run folder; --resume RUN continues one";
    }

    @Override
    public String description() {
        return """
                Trains a GAN and writes a run folder: config.json, history.csv, loss.png, d_outputs.png,
                samples/epoch-NNN.png, samples.gif, checkpoints/, generator.params, discriminator.params,
                summary.json. Ctrl-C saves a checkpoint and stops; --resume RUN continues from it.""";
    }

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(Args args) {
        Path resume = args.get(RESUME);
        DataFolder folder = dataFolder(args.get(DATA), resume);
        Function<TrainConfig, TrainingData> loadData =
                config -> Datasets.load(config.dataset(), Datasets.Split.TRAIN, folder);
        if (resume != null) {
            List<String> given =
                    CONFIG_FLAGS.stream().filter(args::has).map(Flag::toString).toList();
            if (!given.isEmpty()) {
                throw new BadInputException(String.join(", ", given)
                        + " cannot change a run being resumed: its settings " + "come from "
                        + resume.resolve("config.json") + "; with --resume give only --data");
            }
        }
        String dataset = args.get(DATASET);
        TrainConfig partial = resume == null ? config(args, dataset) : null;
        Path chosenOut = args.get(OUT);
        try (NDManager manager = NDManager.newBaseManager()) {
            Run run;
            if (resume != null) {
                run = Run.resume(resume, loadData, manager);
            } else {
                TrainingData data = Datasets.load(dataset, Datasets.Split.TRAIN, folder);
                TrainConfig config = partial.fittedTo(data);
                Path out = chosenOut != null
                        ? chosenOut
                        : Path.of(
                                "runs",
                                config.dataset() + "-"
                                        + config.model().architecture() + "-"
                                        + LocalDateTime.now()
                                                .format(DateTimeFormatter.ofPattern(
                                                        "yyyyMMdd-HHmmss")));
                run = Run.start(out, config, data, manager);
                AtomicFiles.writeString(run.dir().resolve(DATA_FOLDER_FILE), folder.root() + "\n");
            }
            try (run) {
                System.out.println("run folder: " + run.dir().toAbsolutePath());
                run.addListener(new ConsoleProgress(System.out, 2000));
                Signal.handle(new Signal("INT"), signal -> {
                    System.out.println(
                            "\ninterrupted: saving a checkpoint and stopping (Ctrl-C again to quit at once)");
                    Signal.handle(
                            new Signal("INT"), again -> Runtime.getRuntime().halt(130));
                    run.trainer().requestStop();
                });
                TrainListener.Outcome outcome;
                try {
                    outcome = run.train();
                } catch (DivergenceException e) {
                    System.err.println("gankit train: " + e.getMessage());
                    return 3;
                }
                System.out.println("wrote " + run.dir().toAbsolutePath());
                return outcome == TrainListener.Outcome.STOPPED ? 130 : 0;
            }
        }
    }

    /** Where a run records the data folder it trained on, so that --resume finds the same data. */
    static final String DATA_FOLDER_FILE = "data-folder.txt";

    /**
     * The data folder: {@code --data} when given; for a resumed run, the folder it recorded (while
     * that still exists); else {@code GANKIT_DATA} or the default.
     */
    static DataFolder dataFolder(Path flag, Path resume) {
        if (flag == null && resume != null && Files.exists(resume.resolve(DATA_FOLDER_FILE))) {
            try {
                Path recorded = Path.of(
                        Files.readString(resume.resolve(DATA_FOLDER_FILE)).strip());
                if (Files.isDirectory(recorded)) {
                    return DataFolder.of(recorded);
                }
            } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
                // fall through to the usual folder; a missing data set then names --data
            }
        }
        return DataFolder.resolve(flag);
    }

    /** Each command-line model with its default batch size, for the help. */
    static String batchDefaults() {
        return batchDefaults(MODELS);
    }

    /** Each of {@code models} with its default batch size ({@code Architecture.defaultBatchSize}), for a help. */
    static String batchDefaults(List<String> models) {
        return models.stream()
                .map(m -> m + " " + Architectures.get(m).defaultBatchSize())
                .collect(Collectors.joining(", "));
    }

    /** The config the flags ask for, with the seed's MNIST image shape until {@link TrainConfig#fittedTo} sees the data. */
    static TrainConfig config(Args args, String dataset) {
        boolean quick = args.get(QUICK);
        ModelSpec base = DEFAULTS.model();
        ModelSpec spec = new ModelSpec(
                args.get(MODEL),
                args.get(LATENT),
                base.channels(),
                base.height(),
                base.width(),
                base.classes());
        return TrainConfig.builder()
                .setDataset(dataset)
                .setModel(spec)
                .optLoss(args.get(LOSS))
                .optEpochs(quick ? args.getOr(EPOCHS, QUICK_EPOCHS) : args.get(EPOCHS))
                .optBatchSize(args.getOr(
                        BATCH, Architectures.get(spec.architecture()).defaultBatchSize()))
                .optLearningRate(args.get(LR))
                .optSeed(args.get(SEED))
                .optLimit(quick ? args.getOr(LIMIT, QUICK_LIMIT) : args.get(LIMIT))
                .optMaxSteps(args.get(MAX_STEPS))
                .optCriticSteps(args.get(CRITIC_STEPS))
                .optClip(args.get(CLIP))
                .optGradientPenalty(args.get(GP))
                .optCheckpointEvery(args.get(CHECKPOINT_EVERY))
                .build();
    }
}
