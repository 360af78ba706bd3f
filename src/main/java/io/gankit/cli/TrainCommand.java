package io.gankit.cli;

import ai.djl.ndarray.NDManager;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.TrainingData;
import io.gankit.nn.ModelSpec;
import io.gankit.train.ConsoleProgress;
import io.gankit.train.DivergenceException;
import io.gankit.train.Run;
import io.gankit.train.TrainConfig;
import io.gankit.train.TrainListener;
import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import io.gankit.nn.Architectures;
import sun.misc.Signal;

/** {@code ./gankit train}: trains a GAN into a run folder, or resumes one. */
public final class TrainCommand implements Command {
    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train a GAN (default: the seed's MNIST GAN) into a run folder; --resume RUN continues one";
    }

    @Override
    public String usage() {
        return """
                usage: ./gankit train [flags]
                Trains a GAN and writes a run folder: config.json, history.csv, loss.png, d_outputs.png,
                samples/epoch-NNN.png, samples.gif, checkpoints/, generator.params, discriminator.params,
                summary.json. Ctrl-C saves a checkpoint and stops; --resume RUN continues from it.

                  --dataset NAME        mnist | fashion-mnist | cifar10 (default mnist)
                  --model NAME          mlp (the seed's MLP GAN, default) | cifar-seed | dcgan | conditional-mlp
                  --loss NAME           non-saturating | minimax | wasserstein | hinge | least-squares
                                        (default non-saturating, the seed's)
                  --epochs N            passes over the data (default 5)
                  --batch N             batch size (default: the model's own: %s)
                  --lr X                Adam learning rate of both networks (default 2e-4; betas 0.5, 0.999)
                  --latent N            latent size (default 100)
                  --seed N              seed of weights, shuffling and noise (default 42)
                  --data DIR            data folder (default $GANKIT_DATA, else ~/.gankit/data)
                  --out DIR             run folder (default runs/DATASET-MODEL-TIMESTAMP)
                  --limit N             train on the first N images only (default all)
                  --max-steps N         stop after N steps (default: no limit)
                  --quick               a quick try: --limit 2048 --epochs 2
                  --critic-steps N      discriminator steps per generator step (default 1)
                  --clip C              WGAN weight clipping of the critic (default off)
                  --gp LAMBDA           WGAN-GP gradient penalty weight (default off; the paper: 10)
                  --checkpoint-every N  checkpoint every N steps (default 500; also at each epoch end)
                  --resume RUN          continue the run in folder RUN from its newest checkpoint
                """.formatted(batchDefaults());
    }

    @Override
    public int run(Args args) {
        Path resume = args.path("resume", null);
        DataFolder folder = dataFolder(args.path("data", null), resume);
        Function<TrainConfig, TrainingData> loadData =
                config -> Datasets.load(config.dataset(), Datasets.Split.TRAIN, folder);
        if (resume != null) {
            List<String> given = CONFIG_FLAGS.stream().filter(args::has).map(f -> "--" + f).toList();
            if (!given.isEmpty()) {
                throw new BadInputException(String.join(", ", given) + " cannot change a run being resumed: its settings "
                        + "come from " + resume.resolve("config.json") + "; with --resume give only --data");
            }
        }
        String dataset = args.string("dataset", "mnist");
        TrainConfig partial = resume == null ? config(args, dataset) : null;
        Path chosenOut = args.path("out", null);
        args.rejectUnknown();
        try (NDManager manager = NDManager.newBaseManager()) {
            Run run;
            if (resume != null) {
                run = Run.resume(resume, loadData, manager);
            } else {
                TrainingData data = Datasets.load(dataset, Datasets.Split.TRAIN, folder);
                TrainConfig config = fitTo(partial, data);
                Path out = chosenOut != null ? chosenOut : Path.of("runs", config.dataset() + "-"
                        + config.model().architecture() + "-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
                run = Run.start(out, config, data, manager);
                AtomicFiles.writeString(run.dir().resolve(DATA_FOLDER_FILE), folder.root() + "\n");
            }
            try (run) {
                System.out.println("run folder: " + run.dir().toAbsolutePath());
                run.addListener(new ConsoleProgress(System.out, 2000));
                Signal.handle(new Signal("INT"), signal -> {
                    System.out.println("\ninterrupted: saving a checkpoint and stopping (Ctrl-C again to quit at once)");
                    Signal.handle(new Signal("INT"), again -> Runtime.getRuntime().halt(130));
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
                Path recorded = Path.of(Files.readString(resume.resolve(DATA_FOLDER_FILE)).strip());
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
        return Stream.of("mlp", "cifar-seed", "dcgan", "conditional-mlp")
                .map(m -> m + " " + Architectures.get(m).defaultBatchSize()).collect(Collectors.joining(", "));
    }

    /** Flags that make up a run's config, and so cannot go with --resume. */
    static final List<String> CONFIG_FLAGS = List.of("dataset", "model", "loss", "epochs", "batch", "lr", "latent", "seed",
            "out", "limit", "max-steps", "quick", "critic-steps", "clip", "gp", "checkpoint-every");

    /** The config the flags ask for, with the seed's MNIST image shape until {@link #fitTo} sees the data. */
    static TrainConfig config(Args args, String dataset) {
        boolean quick = args.flag("quick");
        ModelSpec base = ModelSpec.seedMnist();
        ModelSpec spec = new ModelSpec(args.string("model", base.architecture()), args.integer("latent", base.latent()),
                base.channels(), base.height(), base.width(), base.classes());
        double lr = args.number("lr", 2e-4);
        return TrainConfig.builder()
                .setDataset(dataset)
                .setModel(spec)
                .optLoss(args.string("loss", "non-saturating"))
                .optEpochs(args.integer("epochs", quick ? 2 : 5))
                .optBatchSize(args.integer("batch", Architectures.get(spec.architecture()).defaultBatchSize()))
                .optLearningRate(lr)
                .optSeed(args.longValue("seed", 42))
                .optLimit(args.integer("limit", quick ? 2048 : 0))
                .optMaxSteps(args.longValue("max-steps", 0))
                .optCriticSteps(args.integer("critic-steps", 1))
                .optClip(args.number("clip", 0))
                .optGradientPenalty(args.number("gp", 0))
                .optCheckpointEvery(args.longValue("checkpoint-every", 500))
                .build();
    }

    /** The config with the model's image shape (and classes, for conditional models) taken from the data. */
    static TrainConfig fitTo(TrainConfig config, TrainingData data) {
        ModelSpec m = config.model();
        ai.djl.ndarray.types.Shape s = data.sampleShape();
        int classes = io.gankit.nn.Architectures.get(m.architecture()).conditional() ? data.classNames().size() : 0;
        ModelSpec fitted = new ModelSpec(m.architecture(), m.latent(), (int) s.get(0), (int) s.get(1), (int) s.get(2),
                classes);
        return config.toBuilder().setModel(fitted).build();
    }
}
