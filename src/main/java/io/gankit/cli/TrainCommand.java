package io.gankit.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.DigitDomains;
import io.gankit.data.ImageSet;
import io.gankit.data.TrainingData;
import io.gankit.experiment.DomainScoring;
import io.gankit.experiment.Experiment;
import io.gankit.loss.ContentLoss;
import io.gankit.loss.Losses;
import io.gankit.metrics.DomainClassifier;
import io.gankit.metrics.TrainingScores;
import io.gankit.nn.Architectures;
import io.gankit.nn.ImageSampler;
import io.gankit.nn.ModelSpec;
import io.gankit.train.Checkpoint;
import io.gankit.train.ConsoleProgress;
import io.gankit.train.CycleGanGame;
import io.gankit.train.DivergenceException;
import io.gankit.train.Game;
import io.gankit.train.GanGame;
import io.gankit.train.LapganGame;
import io.gankit.train.Pix2PixGame;
import io.gankit.train.Run;
import io.gankit.train.StyleGanGame;
import io.gankit.train.SuperResolutionGame;
import io.gankit.train.TimeBudget;
import io.gankit.train.TrainConfig;
import io.gankit.train.TrainListener;
import io.gankit.train.WeightAveraged;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import sun.misc.Signal;

/** {@code ./gankit train}: trains a GAN into a run folder, or resumes one. */
public final class TrainCommand implements Command {
    /** The library's defaults, which the flags' defaults are read from. */
    private static final TrainConfig DEFAULTS = TrainConfig.builder().build();
    /** The models offered on the command line (the others are the lab's). */
    static final List<String> MODELS = List.of("mlp", "cifar-seed", "dcgan", "conditional-mlp");
    /** SRGAN: a game, not a generator/discriminator architecture, so it has no {@code ModelSpec} of its own. */
    static final String SRGAN = "srgan";
    /** SRGAN's batch (the paper's 16) and learning rate and betas (the paper's Adam). */
    static final int SRGAN_BATCH = 16;

    static final double SRGAN_LR = 1e-4;
    /** pix2pix colourisation: a game of its own, on colour images (CIFAR-10). */
    static final String PIX2PIX = "pix2pix";
    /** pix2pix's batch here (the paper used 1 to 10; 16 keeps batch norm steady) and Adam (the paper's). */
    static final int PIX2PIX_BATCH = 16;

    static final double PIX2PIX_LR = 2e-4;
    /** CycleGAN between MNIST and the MNIST-M-like digits: a game of its own, on two domains. */
    static final String CYCLEGAN = "cyclegan";
    /** CycleGAN's batch here (the paper's is 1; 8 keeps a 2-core step short) and Adam (the paper's). */
    static final int CYCLEGAN_BATCH = 8;

    static final double CYCLEGAN_LR = 2e-4;
    /** LAPGAN: a game of its own, one GAN per level of a Laplacian pyramid. */
    static final String LAPGAN = "lapgan";
    /** LAPGAN's batch and Adam (DCGAN's 2e-4 and beta1 0.5: the paper's settings are not published). */
    static final int LAPGAN_BATCH = 64;

    static final double LAPGAN_LR = 2e-4;
    /** StyleGAN: a game of its own, a mapping network, styles per layer, R1 and G's weight average. */
    static final String STYLEGAN = "stylegan";
    /** StyleGAN's batch here (StyleGAN2-ADA's CIFAR-10: 64; 32 keeps a 2-core step near a second). */
    static final int STYLEGAN_BATCH = 32;
    /** StyleGAN2's Adam with equalised learning rates: 0.002, betas 0 and 0.99. */
    static final double STYLEGAN_LR = 0.002;
    /** The data sets with a domain classifier (its features are SRGAN's {@code --content classifier}). */
    static final List<String> CLASSIFIED = List.of("mnist", "fashion-mnist", "cifar10");

    static final List<String> CONTENTS = List.of("pixels", "classifier");

    static final int QUICK_LIMIT = 2048;
    static final int QUICK_EPOCHS = 2;

    static final Flag<String> DATASET = Flag.choice(
                    "dataset", "NAME", Datasets.NAMES, String.join(" | ", Datasets.NAMES))
            .defaultsTo(DEFAULTS.dataset());
    static final Flag<String> MODEL = Flag.text(
                    "model",
                    "NAME",
                    String.join(" | ", MODELS) + " | " + SRGAN + " (4x super-resolution) | "
                            + PIX2PIX + " (colourisation, cifar10) | " + CYCLEGAN
                            + " (mnist <-> MNIST-M-like digits) | " + LAPGAN
                            + " (Laplacian pyramid, 3 levels) | " + STYLEGAN + " (cifar10)")
            .defaultsTo(DEFAULTS.model().architecture())
            .also("the seed's MLP GAN");
    static final Flag<String> LOSS = Flag.choice(
                    "loss", "NAME", Losses.NAMES, String.join(" | ", Losses.NAMES))
            .defaultsTo(DEFAULTS.loss())
            .also("the seed's");
    static final Flag<Integer> EPOCHS = Flag.whole("epochs", "N", "passes over the data")
            .defaultsTo(DEFAULTS.epochs())
            .also(QUICK_EPOCHS + " with --quick");
    static final Flag<Integer> BATCH = Flag.whole("batch", "N", "batch size")
            .shownAs("per model: " + batchDefaults() + ", " + SRGAN + " " + SRGAN_BATCH + ", "
                    + PIX2PIX + " " + PIX2PIX_BATCH + ", " + CYCLEGAN + " " + CYCLEGAN_BATCH + ", "
                    + LAPGAN + " " + LAPGAN_BATCH + ", " + STYLEGAN + " " + STYLEGAN_BATCH);
    static final Flag<Double> LR = Flag.number(
                    "lr",
                    "X",
                    "Adam learning rate of both networks; " + SRGAN + ": " + Flag.format(SRGAN_LR)
                            + " and betas 0.9, 0.999, the paper's; " + PIX2PIX + ": "
                            + Flag.format(PIX2PIX_LR) + " and betas 0.5, 0.999, the paper's, as "
                            + CYCLEGAN + "'s and " + LAPGAN + "'s; " + STYLEGAN + ": "
                            + Flag.format(STYLEGAN_LR) + " and betas 0, 0.99, StyleGAN2's")
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
    static final Flag<Double> EMA_DECAY = Flag.number(
                    "ema-decay",
                    "D",
                    "keep a moving average of G's weights with this decay, ramped up over the first"
                            + " steps (GAN models, " + LAPGAN + "), scored and evaluated beside"
                            + " the trained G")
            .defaultsTo(0.0)
            .showZeroAs("off")
            .also(LAPGAN + ": 0.999");
    static final Flag<Long> CHECKPOINT_EVERY = Flag.wholeLong(
                    "checkpoint-every", "N", "checkpoint every N steps")
            .defaultsTo(DEFAULTS.checkpointEvery())
            .also("also at each epoch end");
    static final Flag<Long> SCORE_EVERY = Flag.wholeLong(
                    "score-every",
                    "N",
                    "score the generator every N steps (domain FID, IS, coverage of --score-samples"
                            + " images against as many test images) into scores.csv, keeping the best"
                            + " checkpoint by domain FID in best/; GAN models, " + LAPGAN + " and "
                            + STYLEGAN)
            .showZeroAs("off")
            .defaultsTo(0L)
            .atLeast(0);
    static final Flag<Double> MAX_MINUTES = Flag.number(
                    "max-minutes",
                    "M",
                    "stop once the run has trained M minutes (the steps' own time, earlier sessions of a"
                            + " resumed run included, scoring and checkpoints not), writing everything as at"
                            + " the end; to compare models at matched wall-clock")
            .defaultsTo(0.0)
            .showZeroAs("no limit");
    static final Flag<Integer> SCORE_SAMPLES = Flag.whole(
                    "score-samples", "N", "with --score-every: images a score draws")
            .defaultsTo(1000)
            .atLeast(10);
    static final Flag<Path> RESUME =
            Flag.path("resume", "RUN", "continue the run in folder RUN from its newest checkpoint");
    static final Flag<Long> PRETRAIN_STEPS = Flag.wholeLong(
                    "pretrain-steps",
                    "N",
                    SRGAN
                            + ": steps in which G alone learns the pixel MSE (SRResNet) before D joins")
            .defaultsTo(1000L);
    static final Flag<String> CONTENT = Flag.choice(
                    "content",
                    "NAME",
                    CONTENTS,
                    SRGAN
                            + ": G's content loss after pretraining: pixels (MSE) | classifier (squared"
                            + " difference of the domain classifier's features; "
                            + String.join(", ", CLASSIFIED) + " only)")
            .defaultsTo("pixels");
    static final Flag<Double> ADVERSARIAL_WEIGHT = Flag.number(
                    "adversarial-weight",
                    "W",
                    PIX2PIX
                            + ": weight of the adversarial loss beside 100 x L1; 0 trains the L1-only"
                            + " U-Net (D idle)")
            .defaultsTo(1.0)
            .also("the paper's");
    static final Flag<Long> STEPS_PER_LEVEL = Flag.wholeLong(
                    "steps-per-level",
                    "N",
                    LAPGAN + ": steps each pyramid level trains before the next one starts; a run"
                            + " lasts 3 x N, or with --epochs or --max-steps trains the finest"
                            + " level for the rest")
            .defaultsTo(2000L)
            .atLeast(1);

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
            MAX_MINUTES,
            QUICK,
            CRITIC_STEPS,
            CLIP,
            GP,
            EMA_DECAY,
            CHECKPOINT_EVERY,
            RESUME,
            PRETRAIN_STEPS,
            CONTENT,
            ADVERSARIAL_WEIGHT,
            STEPS_PER_LEVEL,
            SCORE_EVERY,
            SCORE_SAMPLES);

    /** The flags of scoring while training, which a resumed run may add or change. */
    static final List<Flag<?>> SCORE_FLAGS = List.of(SCORE_EVERY, SCORE_SAMPLES);

    /** Flags of one session, not of the run: they may go with --resume. */
    static final List<Flag<?>> SESSION_FLAGS = List.of(MAX_MINUTES);

    /**
     * Flags that make up a run's config, and so cannot go with --resume: all but --resume, --data
     * and the scoring flags.
     */
    static final List<Flag<?>> CONFIG_FLAGS = FLAGS.all().stream()
            .filter(f -> f != RESUME
                    && f != DATA
                    && !SCORE_FLAGS.contains(f)
                    && !SESSION_FLAGS.contains(f))
            .toList();

    /** Where {@code --content classifier} finds (or trains and keeps) the domain classifier. */
    private final Path classifierCache;

    /** The game families beyond the GAN models, in the order a resumed folder is recognised. */
    private final List<Family<?>> families;

    public TrainCommand() {
        this(DomainClassifier.defaultCache());
    }

    /** A command whose classifiers are cached in {@code classifierCache} (tests: a temporary folder). */
    TrainCommand(Path classifierCache) {
        this.classifierCache = classifierCache;
        this.families = List.of(srgan(), pix2pix(), cyclegan(), stylegan(), lapgan());
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train a GAN (default: the seed's MNIST GAN), SRGAN, pix2pix, CycleGAN, LAPGAN or StyleGAN into a run"
                + " folder; --resume RUN continues one";
    }

    @Override
    public String description() {
        return """
                Trains a GAN and writes a run folder: config.json, history.csv, loss.png, d_outputs.png,
                samples/epoch-NNN.png, samples.gif, checkpoints/, generator.params, discriminator.params,
                summary.json. Ctrl-C saves a checkpoint and stops; --resume RUN continues from it.
                --model srgan trains SRGAN at 4x (fashion-mnist, mnist 7->28; cifar10 8->32): the
                pixel MSE for --pretrain-steps, then content + 1e-3 adversarial loss; its samples are
                rows of the first 8 test images (input, bicubic, SRGAN, original), its history has
                d_loss, g_loss, content, adversarial, mse, and srgan.json holds its settings.
                --model pix2pix colourises CIFAR-10 (grey -> colour): U-Net G, PatchGAN D,
                --adversarial-weight x adversarial + 100 x L1 (0: the L1-only U-Net); its samples are
                rows of the first 8 test images (grey input, pix2pix, original), its history has
                d_loss, g_loss, l1, adversarial, and pix2pix.json holds its settings.
                --model cyclegan translates MNIST (A) <-> MNIST-M-like digits (B: the other half of
                MNIST blended into CIFAR-10 crops), unpaired: two ResNet generators, two PatchGANs,
                least-squares + 10 x cycle + 5 x identity, a pool of 50 fakes; its samples are rows
                of 8 test digits of each domain (a, G(a), F(G(a)), b, F(b), G(F(b))), its history
                has the CycleGAN measures, and cyclegan.json holds its settings.
                --model lapgan generates from a Laplacian pyramid of 3 levels (cifar10: 8, 16, 32;
                mnist, fashion-mnist: 7, 14, 28): an MLP GAN for the coarsest level, and per finer
                level a conditional convolutional GAN that draws the residual given the upsampled
                coarser image, trained level by level (--steps-per-level each; a run without
                --epochs or --max-steps lasts 3 x that, one with them trains the finest after),
                each level's G with a weight average (decay 0.999, ramped up), which draws its
                samples: the chain for 8 noise draws (base, upsampled, + residual, ...); its
                history has level, d_loss, g_loss, d_real, d_fake, and lapgan.json holds its
                settings. With --score-every, scores.csv has fid, is, coverage of the trained
                generators and fid_ema, is_ema, coverage_ema of the averages (StyleGAN's too).
                --model stylegan trains a StyleGAN of 32x32 images (cifar10) with StyleGAN2's
                modulated convolutions: a 4-layer mapping network z -> w, a style and a noise plane
                per layer from a learned 4x4 constant, style mixing for 90% of samples, lazy R1
                (gamma 0.01 every 16 steps) and a weight average of G (half-life 10,000 images), which
                draws its samples (64 fixed latents); its history has d_loss, g_loss, d_real, d_fake,
                r1, and stylegan.json holds its settings; at the end it draws style-mixing.png
                (coarse styles from rows, fine from columns), truncation.png (psi 0 to 1, left to
                right) and interpolation.png (in w).
                ./gankit evaluate RUN... scores these runs on held-out test images.""";
    }

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(Args args) {
        double minutes = args.get(MAX_MINUTES);
        if (!(minutes >= 0) || Double.isInfinite(minutes)) {
            throw new BadInputException(MAX_MINUTES + " " + minutes + "; expected a positive"
                    + " number of minutes (0: no limit)");
        }
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
                        + resume.resolve("config.json") + "; with --resume give only --data and"
                        + " the scoring flags");
            }
        }
        Family<?> family = familyOf(args, resume);
        if (family != null) {
            refuseOthers(args, family.model(), family.ownFlags());
            if (!family.drawsFromNoise()) {
                refuseScoring(args, family.model());
            }
            return trainFamily(args, folder, resume, family);
        }
        refuseOthers(args, args.get(MODEL), List.of());
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
            return train(run, args, folder);
        }
    }

    /** Refuses the scoring flags for a model that translates images rather than drawing them. */
    private static void refuseScoring(Args args, String model) {
        List<String> given =
                SCORE_FLAGS.stream().filter(args::has).map(Flag::toString).toList();
        if (!given.isEmpty()) {
            throw new BadInputException(String.join(", ", given) + " score(s) generators that draw"
                    + " images from noise (GAN models, " + LAPGAN + ", " + STYLEGAN + "); --model "
                    + model
                    + " translates images: score its runs with ./gankit evaluate");
        }
    }

    /**
     * Trains {@code run} to its end with progress on the console, scored every {@code
     * --score-every} steps when asked; Ctrl-C checkpoints and stops.
     */
    private int train(Run run, Args args, DataFolder folder) {
        long every = args.get(SCORE_EVERY);
        String dataset = run.trainer().config().dataset();
        double minutes = args.get(MAX_MINUTES); // checked in run()
        TimeBudget budget = minutes > 0 ? new TimeBudget(minutes * 60) : null;
        if (every > 0 && !CLASSIFIED.contains(dataset)) {
            run.close();
            throw new BadInputException(SCORE_EVERY + " " + every + " on " + dataset + ": the"
                    + " kit scores with the domain classifier of " + String.join(", ", CLASSIFIED));
        }
        try (run;
                DomainScoring scoring = every > 0
                        ? new DomainScoring(
                                new Experiment.Scoring(every, args.get(SCORE_SAMPLES)),
                                folder,
                                classifierCache,
                                System.out)
                        : null) {
            if (scoring != null) {
                run.addListener(scoring.listener(dataset, run.dir()));
                System.out.println("scoring every " + every + " steps into "
                        + run.dir().resolve(TrainingScores.FILE) + "; the best checkpoint by"
                        + " domain FID goes to " + run.dir().resolve(Checkpoint.BEST));
            }
            System.out.println("run folder: " + run.dir().toAbsolutePath());
            if (budget != null) {
                run.addListener(budget);
                System.out.println("time budget: " + minutes + " minutes of training");
            }
            run.addListener(new ConsoleProgress(System.out, 2000));
            Signal.handle(new Signal("INT"), signal -> {
                System.out.println(
                        "\ninterrupted: saving a checkpoint and stopping (Ctrl-C again to quit at once)");
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
            if (budget != null && budget.reachedAt() > 0) {
                System.out.println("time budget of " + minutes + " minutes reached after step "
                        + budget.reachedAt() + "; --resume RUN continues it");
                return 0; // the stop asked for, not an interruption
            }
            return outcome == TrainListener.Outcome.STOPPED ? 130 : 0;
        }
    }

    /** The flags only SRGAN reads. */
    static final List<Flag<?>> SRGAN_ONLY = List.of(PRETRAIN_STEPS, CONTENT);

    /** The flags only pix2pix reads. */
    static final List<Flag<?>> PIX2PIX_ONLY = List.of(ADVERSARIAL_WEIGHT);

    /** The flags only LAPGAN reads. */
    static final List<Flag<?>> LAPGAN_ONLY = List.of(STEPS_PER_LEVEL);

    /** Refuses the flags of the game models other than {@code model} (whose own are {@code own}). */
    private void refuseOthers(Args args, String model, List<Flag<?>> own) {
        List<String> others = families.stream()
                .flatMap(family -> family.ownFlags().stream()
                        .filter(f -> !own.contains(f) && args.has(f))
                        .map(f -> f + " only goes with --model " + family.model()))
                .sorted()
                .toList();
        if (!others.isEmpty()) {
            throw new BadInputException(
                    String.join("; ", others) + "; --model " + model + " does not read it");
        }
    }

    /**
     * A family of games beyond the GAN models: its {@code --model} name, the settings file that
     * marks its run folders (and rebuilds the game on {@code --resume}), the flags only it reads,
     * whether its G draws from noise (and so can be scored while it trains), a new run's batch and
     * Adam, how a new run's settings come from the flags (refusing those that do not apply), the
     * steps a new run lasts by its settings (0: by {@code --epochs}), and how a run is opened.
     */
    private record Family<S>(
            String model,
            String settingsFile,
            Class<S> settingsType,
            List<Flag<?>> ownFlags,
            boolean drawsFromNoise,
            Defaults defaults,
            Function<Args, S> newSettings,
            ToLongFunction<S> ownLength,
            Opener<S> opener) {}

    /** A new run's batch size and Adam (learning rate, betas), where the flags do not say. */
    private record Defaults(int batch, double learningRate, double beta1, double beta2) {}

    /** Opens a family's run on {@code dataset} with {@code settings}. */
    @FunctionalInterface
    private interface Opener<S> {
        Opened open(String dataset, S settings, DataFolder folder);
    }

    /**
     * A family's run, opened: its training images, its game for a config, what the console's line
     * says after the game's signature, and what to close when the run ends.
     */
    private record Opened(
            ImageSet images,
            Function<TrainConfig, Function<NDManager, ? extends Game>> game,
            Function<Game, String> banner,
            Runnable closer)
            implements AutoCloseable {
        Opened(
                ImageSet images,
                Function<TrainConfig, Function<NDManager, ? extends Game>> game,
                Function<Game, String> banner) {
            this(images, game, banner, () -> {});
        }

        @Override
        public void close() {
            closer.run();
        }
    }

    /** The family {@code --model} names, or whose settings file the resumed folder holds; null for a GAN model. */
    private Family<?> familyOf(Args args, Path resume) {
        for (Family<?> family : families) {
            boolean chosen = resume == null
                    ? family.model().equals(args.get(MODEL))
                    : Files.isRegularFile(resume.resolve(family.settingsFile()));
            if (chosen) {
                return family;
            }
        }
        return null;
    }

    /** {@code --model FAMILY}: a new run of the family's game, or the resume of one. */
    private <S> int trainFamily(Args args, DataFolder folder, Path resume, Family<S> family) {
        TrainConfig resumed = resume == null ? null : Run.readConfig(resume);
        S settings = resume == null
                ? family.newSettings().apply(args)
                : readSettings(
                        resume, family.settingsFile(), family.settingsType(), family.model());
        String dataset = resumed != null ? resumed.dataset() : args.get(DATASET);
        try (Opened opened = family.opener().open(dataset, settings, folder);
                NDManager manager = NDManager.newBaseManager()) {
            TrainConfig config = resumed != null
                    ? resumed
                    : lastingItsLength(
                            args,
                            family.ownLength().applyAsLong(settings),
                            gameConfig(
                                    args,
                                    dataset,
                                    family.model(),
                                    opened.images(),
                                    family.defaults()),
                            opened.images().size());
            Run run = startOrResume(
                    args,
                    folder,
                    resume,
                    family.model(),
                    family.settingsFile(),
                    settings,
                    config,
                    opened.images(),
                    manager,
                    opened.game().apply(config));
            Game game = run.trainer().game();
            System.out.println(
                    family.model() + ": " + game.signature() + opened.banner().apply(game));
            return train(run, args, folder);
        }
    }

    /**
     * A new run of a family that sets its own length ({@code steps}, LAPGAN's levels x steps per
     * level) lasts that many steps, so that its last level is trained, unless {@code --epochs},
     * {@code --max-steps} or {@code --quick} set the length.
     */
    private static TrainConfig lastingItsLength(
            Args args, long steps, TrainConfig config, int images) {
        if (steps <= 0 || args.has(EPOCHS) || args.has(MAX_STEPS) || args.get(QUICK)) {
            return config;
        }
        return config.lasting(steps, images);
    }

    /** Refuses {@code flags} for {@code model}, saying {@code why} they do not apply. */
    private static void refuseFlags(Args args, List<Flag<?>> flags, String model, String why) {
        List<String> unused =
                flags.stream().filter(args::has).map(Flag::toString).toList();
        if (!unused.isEmpty()) {
            throw new BadInputException(String.join(", ", unused) + " do(es) not apply to --model "
                    + model + ": " + why);
        }
    }

    /** The GAN flags SRGAN has no use for: its loss is fixed, it has no latent and one D step. */
    static final List<Flag<?>> NOT_SRGAN = List.of(LOSS, LATENT, CRITIC_STEPS, CLIP, GP, EMA_DECAY);

    /** The file of a run folder with what SRGAN needs beyond {@code config.json} to be rebuilt. */
    static final String SRGAN_FILE = "srgan.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /**
     * An SRGAN run's settings beyond its {@code TrainConfig}: what {@code --resume} rebuilds the
     * game from. The networks are teaching-size (a 2-core CPU trains them), the held images are the
     * first {@code held} test images, and the classifier's features are compared unscaled ({@code
     * contentRescale} 1).
     */
    record SrganSettings(
            long pretrainSteps,
            String content,
            double contentRescale,
            int scale,
            int generatorFilters,
            int generatorBlocks,
            int discriminatorFilters,
            int discriminatorLevels,
            int discriminatorDense,
            int held) {
        static SrganSettings of(long pretrainSteps, String content) {
            return new SrganSettings(pretrainSteps, content, 1.0, 4, 32, 4, 32, 4, 256, 8);
        }

        /** The game these settings and {@code config} describe, learning {@code content}, showing {@code held}. */
        SuperResolutionGame.Builder game(TrainConfig config, ImageSet held, ContentLoss content) {
            return SuperResolutionGame.builder()
                    .setHeldImages(held)
                    .setPretrainSteps(pretrainSteps)
                    .optScale(scale)
                    .optGenerator(generatorFilters, generatorBlocks)
                    .optDiscriminator(discriminatorFilters, discriminatorLevels, discriminatorDense)
                    .optContentLoss(content)
                    .optLearningRate(config.learningRateG())
                    .optBetas(config.beta1(), config.beta2())
                    .optSeed(config.seed());
        }
    }

    /** SRGAN: 4x super-resolution with a pixel or classifier content loss. */
    private Family<SrganSettings> srgan() {
        return new Family<>(
                SRGAN,
                SRGAN_FILE,
                SrganSettings.class,
                SRGAN_ONLY,
                false,
                new Defaults(SRGAN_BATCH, SRGAN_LR, 0.9, 0.999),
                TrainCommand::srganSettings,
                settings -> 0,
                (dataset, settings, folder) -> {
                    ImageSet train = Datasets.load(dataset, Datasets.Split.TRAIN, folder);
                    ImageSet held = Datasets.load(dataset, Datasets.Split.TEST, folder)
                            .limit(settings.held());
                    DomainClassifier classifier = settings.content().equals("classifier")
                            ? DomainClassifier.cached(dataset, folder, classifierCache, System.out)
                            : null;
                    ContentLoss content = classifier == null
                            ? ContentLoss.pixels()
                            : ContentLoss.features(
                                    classifier.featureMap(), settings.contentRescale());
                    return new Opened(
                            train,
                            config -> settings.game(config, held, content)::build,
                            game -> "; content " + content.name() + ", " + settings.pretrainSteps()
                                    + " pretraining steps",
                            () -> {
                                if (classifier != null) {
                                    classifier.close();
                                }
                            });
                });
    }

    /** A new SRGAN run's settings from the flags. */
    private static SrganSettings srganSettings(Args args) {
        refuseFlags(
                args,
                NOT_SRGAN,
                SRGAN,
                "its losses are fixed (content + 1e-3 non-saturating), it has no latent and one D"
                        + " step per G step");
        String dataset = args.get(DATASET);
        String content = args.get(CONTENT);
        if (content.equals("classifier") && !CLASSIFIED.contains(dataset)) {
            throw new BadInputException("--content classifier on " + dataset + ": the kit has a"
                    + " domain classifier for " + String.join(" and ", CLASSIFIED) + " only;"
                    + " use --content pixels (one of " + String.join(", ", CONTENTS) + ")");
        }
        long pretrain = args.get(PRETRAIN_STEPS);
        if (pretrain < 0) {
            throw new BadInputException("--pretrain-steps " + pretrain + ": expected 0 or more");
        }
        return SrganSettings.of(pretrain, content);
    }

    /**
     * A new run of an image-to-image game in {@code --out} (or {@code runs/DATASET-MODEL-TIME}),
     * with its settings in {@code settingsFile} and the data folder recorded; or the resume of
     * {@code resume}.
     */
    private static <G extends Game> Run startOrResume(
            Args args,
            DataFolder folder,
            Path resume,
            String model,
            String settingsFile,
            Object settings,
            TrainConfig config,
            TrainingData train,
            NDManager manager,
            Function<NDManager, G> newGame) {
        if (resume != null) {
            return Run.resume(resume, train, manager, newGame);
        }
        Path out = args.get(OUT) != null
                ? args.get(OUT)
                : Path.of(
                        "runs",
                        config.dataset() + "-" + model + "-"
                                + LocalDateTime.now()
                                        .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Run run = Run.start(out, config, train, manager, newGame);
        AtomicFiles.writeString(out.resolve(settingsFile), GSON.toJson(settings));
        AtomicFiles.writeString(out.resolve(DATA_FOLDER_FILE), folder.root() + "\n");
        return run;
    }

    /** The config of a new run of a family: its model named, its data's shape, its own batch and Adam. */
    private static TrainConfig gameConfig(
            Args args, String dataset, String model, ImageSet train, Defaults defaults) {
        boolean quick = args.get(QUICK);
        Shape s = train.sampleShape();
        return TrainConfig.builder()
                .setDataset(dataset)
                .setModel(new ModelSpec(
                        model,
                        args.get(LATENT), // the families without a latent refuse --latent
                        (int) s.get(0),
                        (int) s.get(1),
                        (int) s.get(2),
                        0))
                .optEpochs(quick ? args.getOr(EPOCHS, QUICK_EPOCHS) : args.get(EPOCHS))
                .optBatchSize(args.getOr(BATCH, defaults.batch()))
                .optLearningRate(args.getOr(LR, defaults.learningRate()))
                .optBetas(defaults.beta1(), defaults.beta2())
                .optSeed(args.get(SEED))
                .optLimit(quick ? args.getOr(LIMIT, QUICK_LIMIT) : args.get(LIMIT))
                .optMaxSteps(args.get(MAX_STEPS))
                .optCheckpointEvery(args.get(CHECKPOINT_EVERY))
                .build();
    }

    /** Reads a run's {@code settingsFile} as {@code type}, or says what is wrong with it. */
    static <T> T readSettings(Path run, String settingsFile, Class<T> type, String model) {
        try {
            T settings = GSON.fromJson(Files.readString(run.resolve(settingsFile)), type);
            if (settings == null) {
                throw new JsonParseException("empty");
            }
            return settings;
        } catch (IOException | JsonParseException e) {
            throw new BadInputException(run.resolve(settingsFile) + ": unreadable ("
                    + e.getMessage() + "); expected the settings ./gankit train --model " + model
                    + " wrote");
        }
    }

    /** The file of a run folder with what pix2pix needs beyond {@code config.json} to be rebuilt. */
    static final String PIX2PIX_FILE = "pix2pix.json";

    /**
     * A pix2pix run's settings beyond its {@code TrainConfig}: teaching-size networks (a U-Net of
     * 32 filters down to 1x1, a 16-pixel PatchGAN of 32 filters), the paper's L1 weight of 100, the
     * adversarial weight asked for, and the first {@code held} test images in the sample grids.
     */
    record Pix2PixSettings(
            int generatorFilters,
            int generatorLevels,
            boolean dropout,
            int discriminatorFilters,
            int discriminatorLayers,
            double l1Weight,
            double adversarialWeight,
            int held) {
        static Pix2PixSettings of(double adversarialWeight) {
            return new Pix2PixSettings(32, 5, true, 32, 1, 100, adversarialWeight, 8);
        }

        /** The game these settings and {@code config} describe, showing {@code held} in its grids. */
        Pix2PixGame.Builder game(TrainConfig config, ImageSet held) {
            return Pix2PixGame.builder()
                    .setHeldImages(held)
                    .optGenerator(generatorFilters, generatorLevels)
                    .optDropout(dropout)
                    .optDiscriminator(discriminatorFilters, discriminatorLayers)
                    .optL1Weight(l1Weight)
                    .optAdversarialWeight(adversarialWeight)
                    .optLearningRate(config.learningRateG())
                    .optBetas(config.beta1(), config.beta2())
                    .optSeed(config.seed());
        }
    }

    /** pix2pix: colourising CIFAR-10, adversarial + 100 x L1. */
    private static Family<Pix2PixSettings> pix2pix() {
        return new Family<>(
                PIX2PIX,
                PIX2PIX_FILE,
                Pix2PixSettings.class,
                PIX2PIX_ONLY,
                false,
                new Defaults(PIX2PIX_BATCH, PIX2PIX_LR, 0.5, 0.999),
                TrainCommand::pix2pixSettings,
                settings -> 0,
                (dataset, settings, folder) -> {
                    ImageSet held = Datasets.load(dataset, Datasets.Split.TEST, folder)
                            .limit(settings.held());
                    return new Opened(
                            Datasets.load(dataset, Datasets.Split.TRAIN, folder),
                            config -> settings.game(config, held)::build,
                            game -> "; 100 x L1 + " + settings.adversarialWeight()
                                    + " x adversarial");
                });
    }

    /** A new pix2pix run's settings from the flags. */
    private static Pix2PixSettings pix2pixSettings(Args args) {
        refuseFlags(
                args,
                NOT_SRGAN,
                PIX2PIX,
                "its losses are fixed (adversarial + 100 x L1), it has no latent and one D step per"
                        + " G step");
        String dataset = args.get(DATASET);
        if (!dataset.equals("cifar10")) {
            throw new BadInputException("--model " + PIX2PIX + " on " + dataset + ": pix2pix here"
                    + " colourises grey images, so it needs colour ones; use --dataset cifar10");
        }
        double weight = args.get(ADVERSARIAL_WEIGHT);
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new BadInputException(ADVERSARIAL_WEIGHT + " " + weight
                    + ": expected 0 (the L1-only U-Net) or more (the paper's 1)");
        }
        return Pix2PixSettings.of(weight);
    }

    /** The file of a run folder with what CycleGAN needs beyond {@code config.json} to be rebuilt. */
    static final String CYCLEGAN_FILE = "cyclegan.json";

    /**
     * A CycleGAN run's settings beyond its {@code TrainConfig}: teaching-size networks (ResNet
     * generators of 16 filters and 3 residual blocks, PatchGANs of 16 filters and 2 stride-2
     * layers), the paper's cycle weight 10, identity weight 0.5 (of the cycle weight) and pool of
     * 50, 8 held test digits of each domain, and the seed that built domain B.
     */
    record CycleGanSettings(
            int generatorFilters,
            int generatorBlocks,
            int discriminatorFilters,
            int discriminatorLayers,
            double cycleWeight,
            double identityWeight,
            int poolSize,
            int held,
            long domainSeed) {
        static CycleGanSettings teaching() {
            return new CycleGanSettings(16, 3, 16, 2, 10, 0.5, 50, 8, DigitDomains.SEED);
        }

        /** The game these settings and {@code config} describe, domain B's training images given. */
        CycleGanGame.Builder game(TrainConfig config, ImageSet domainB, DigitDomains.Domains test) {
            return CycleGanGame.builder()
                    .setDomainB(domainB)
                    .setHeldImages(test.a().limit(held), test.b().limit(held))
                    .optGenerator(generatorFilters, generatorBlocks)
                    .optDiscriminator(discriminatorFilters, discriminatorLayers)
                    .optCycleWeight(cycleWeight)
                    .optIdentityWeight(identityWeight)
                    .optPoolSize(poolSize)
                    .optLearningRate(config.learningRateG())
                    .optBetas(config.beta1(), config.beta2())
                    .optSeed(config.seed());
        }
    }

    /** CycleGAN: MNIST <-> MNIST-M-like digits, unpaired. */
    private static Family<CycleGanSettings> cyclegan() {
        return new Family<>(
                CYCLEGAN,
                CYCLEGAN_FILE,
                CycleGanSettings.class,
                List.of(),
                false,
                new Defaults(CYCLEGAN_BATCH, CYCLEGAN_LR, 0.5, 0.999),
                TrainCommand::cycleganSettings,
                settings -> 0,
                (dataset, settings, folder) -> {
                    DigitDomains.Domains train = DigitDomains.unpaired(
                            folder, Datasets.Split.TRAIN, settings.domainSeed());
                    DigitDomains.Domains test = DigitDomains.unpaired(
                            folder, Datasets.Split.TEST, settings.domainSeed());
                    return new Opened(
                            train.a(),
                            config -> settings.game(config, train.b(), test)::build,
                            game -> "; A " + train.a().name() + " (" + train.a().size() + "), B "
                                    + train.b().name() + " (" + train.b().size() + ")");
                });
    }

    /** A new CycleGAN run's settings, once the flags are checked. */
    private static CycleGanSettings cycleganSettings(Args args) {
        refuseFlags(
                args,
                NOT_SRGAN,
                CYCLEGAN,
                "its losses are fixed (least squares + cycle + identity), it has no latent and one"
                        + " update of each network per step");
        if (!args.get(DATASET).equals("mnist")) {
            throw new BadInputException("--model " + CYCLEGAN + " on " + args.get(DATASET)
                    + ": CycleGAN here translates MNIST digits to and from the MNIST-M-like ones"
                    + " (it also reads cifar10 for their backgrounds); use --dataset mnist");
        }
        return CycleGanSettings.teaching();
    }

    /** The file of a run folder with what LAPGAN needs beyond {@code config.json} to be rebuilt. */
    static final String LAPGAN_FILE = "lapgan.json";

    /**
     * A LAPGAN run's settings beyond its {@code TrainConfig}: 3 levels, a base MLP of 600 hidden
     * units, finer levels of 64 filters (the paper: 1,200 units, 128 filters), the steps each level
     * trains, 8 columns of samples, a weight average of each level's G with decay 0.999 (ramped up
     * at each level's start; a run folder from before it was kept reads 0: none). The latent size
     * is the config's.
     */
    record LapganSettings(
            int levels,
            int hidden,
            int filters,
            long stepsPerLevel,
            int samples,
            double averageDecay) {
        static LapganSettings of(long stepsPerLevel) {
            return of(stepsPerLevel, 0.999);
        }

        static LapganSettings of(long stepsPerLevel, double averageDecay) {
            return new LapganSettings(3, 600, 64, stepsPerLevel, 8, averageDecay);
        }

        /** The game these settings and {@code config} describe. */
        LapganGame.Builder game(TrainConfig config) {
            ModelSpec m = config.model();
            return LapganGame.builder()
                    .setImages(m.channels(), m.height())
                    .optLevels(levels)
                    .optBase(m.latent(), hidden)
                    .optFilters(filters)
                    .optStepsPerLevel(stepsPerLevel)
                    .optSamples(samples)
                    .optAverage(averageDecay)
                    .optAdam(config.learningRateG(), config.beta1(), config.beta2())
                    .optSeed(config.seed());
        }
    }

    /** LAPGAN: a Laplacian pyramid of GANs, trained level by level. */
    private static Family<LapganSettings> lapgan() {
        return new Family<>(
                LAPGAN,
                LAPGAN_FILE,
                LapganSettings.class,
                LAPGAN_ONLY,
                true,
                new Defaults(LAPGAN_BATCH, LAPGAN_LR, 0.5, 0.999),
                TrainCommand::lapganSettings,
                settings -> (long) settings.levels() * settings.stepsPerLevel(),
                (dataset, settings, folder) -> new Opened(
                        Datasets.load(dataset, Datasets.Split.TRAIN, folder),
                        config -> settings.game(config)::build,
                        game -> "; " + settings.stepsPerLevel() + " steps per level; sample rows: "
                                + String.join(" | ", ((LapganGame) game).sampleRows())));
    }

    /** A new LAPGAN run's settings from the flags. */
    private static LapganSettings lapganSettings(Args args) {
        refuseFlags(
                args,
                List.of(LOSS, CRITIC_STEPS, CLIP, GP),
                LAPGAN,
                "each level plays the non-saturating game, one D step per G step");
        return args.has(EMA_DECAY)
                ? LapganSettings.of(args.get(STEPS_PER_LEVEL), args.get(EMA_DECAY))
                : LapganSettings.of(args.get(STEPS_PER_LEVEL));
    }

    /** The file of a run folder with what StyleGAN needs beyond {@code config.json} to be rebuilt. */
    static final String STYLEGAN_FILE = "stylegan.json";

    /**
     * A StyleGAN run's settings beyond its {@code TrainConfig} (the latent size is the config's):
     * style 128, a mapping network of 4 layers, width 128 (32 channels at 32x32), style mixing 0.9,
     * R1 0.01 every 16 steps, a weight average of G with a half-life of 10,000 images, 64 samples.
     */
    record StyleganSettings(
            int styleSize,
            int mappingLayers,
            int width,
            double mixing,
            double r1Gamma,
            int r1Every,
            double averageImages,
            int samples) {
        static StyleganSettings defaults() {
            return new StyleganSettings(128, 4, 128, 0.9, 0.01, 16, 10_000, 64);
        }

        /** The game these settings and {@code config} describe. */
        StyleGanGame.Builder game(TrainConfig config) {
            ModelSpec m = config.model();
            return StyleGanGame.builder()
                    .setImages(m.channels(), m.height())
                    .optMapping(m.latent(), styleSize, mappingLayers)
                    .optWidth(width)
                    .optMixing(mixing)
                    .optR1(r1Gamma, r1Every)
                    .optAverage(averageImages)
                    .optSamples(samples)
                    .optAdam(config.learningRateG(), config.beta1(), config.beta2())
                    .optSeed(config.seed());
        }
    }

    /** StyleGAN: a style-based generator with modulated convolutions, R1 and a weight average. */
    private static Family<StyleganSettings> stylegan() {
        return new Family<>(
                STYLEGAN,
                STYLEGAN_FILE,
                StyleganSettings.class,
                List.of(),
                true,
                new Defaults(STYLEGAN_BATCH, STYLEGAN_LR, 0, 0.99),
                TrainCommand::styleganSettings,
                settings -> 0,
                (dataset, settings, folder) -> new Opened(
                        Datasets.load(dataset, Datasets.Split.TRAIN, folder),
                        config -> settings.game(config)::build,
                        game -> ""));
    }

    /** A new StyleGAN run's settings, once the flags are checked. */
    private static StyleganSettings styleganSettings(Args args) {
        refuseFlags(
                args,
                List.of(LOSS, CRITIC_STEPS, CLIP, GP),
                STYLEGAN,
                "it plays the non-saturating logistic game with R1, one D step per G step");
        if (args.has(EMA_DECAY)) {
            throw new BadInputException(EMA_DECAY + " does not apply to --model " + STYLEGAN
                    + ": its weight average of G is set by a half-life of 10,000 images, ramped"
                    + " up as StyleGAN2's");
        }
        return StyleganSettings.defaults();
    }

    /**
     * The generator of a run that draws images from noise, from its newest weights, in {@code
     * manager}: a LAPGAN run's game (rebuilt from {@value #LAPGAN_FILE}; {@code folder} gives its
     * training data) or a GAN run's networks (closed with {@code manager}). Other runs are refused.
     */
    static ImageSampler loadSampler(Path run, DataFolder folder, NDManager manager) {
        if (Files.isRegularFile(run.resolve(STYLEGAN_FILE))) {
            TrainConfig config = Run.readConfig(run);
            StyleganSettings settings =
                    readSettings(run, STYLEGAN_FILE, StyleganSettings.class, STYLEGAN);
            ImageSet train = Datasets.load(config.dataset(), Datasets.Split.TRAIN, folder);
            return Run.load(run, train, manager, settings.game(config)::build);
        }
        if (Files.isRegularFile(run.resolve(LAPGAN_FILE))) {
            TrainConfig config = Run.readConfig(run);
            LapganSettings settings = readSettings(run, LAPGAN_FILE, LapganSettings.class, LAPGAN);
            ImageSet train = Datasets.load(config.dataset(), Datasets.Split.TRAIN, folder);
            return Run.load(run, train, manager, settings.game(config)::build);
        }
        for (String file : List.of(SRGAN_FILE, PIX2PIX_FILE, CYCLEGAN_FILE)) {
            if (Files.isRegularFile(run.resolve(file))) {
                throw new BadInputException(run + " holds " + file + ": a run that translates"
                        + " images, not one that draws them from noise; score it with ./gankit"
                        + " evaluate");
            }
        }
        return Run.loadGan(run, manager);
    }

    /**
     * The generators of a run that draws images from noise, by label: {@code ""} for the run's
     * generator alone, or {@code "trained G"} and {@code "weight average"} for a run that keeps a
     * moving average of G's weights ({@link WeightAveraged}: LAPGAN, StyleGAN, a GAN whose config
     * sets {@code emaDecay}), so that both are scored side by side. As {@link #loadSampler}.
     */
    static Map<String, ImageSampler> loadGenerators(
            Path run, DataFolder folder, NDManager manager) {
        TrainConfig config = Run.readConfig(run);
        boolean gan = Stream.of(STYLEGAN_FILE, LAPGAN_FILE)
                .noneMatch(f -> Files.isRegularFile(run.resolve(f)));
        if (gan && config.emaDecay() > 0) {
            // the average lives in the game's checkpoints, beside the trained G
            ImageSet train = Datasets.load(config.dataset(), Datasets.Split.TRAIN, folder);
            return averagedBeside(Run.load(run, train, manager, m -> GanGame.create(config, m)));
        }
        ImageSampler sampler = loadSampler(run, folder, manager);
        if (sampler instanceof WeightAveraged averaged && averaged.keepsAverage()) {
            return averagedBeside(averaged);
        }
        return Map.of("", sampler);
    }

    private static Map<String, ImageSampler> averagedBeside(WeightAveraged game) {
        Map<String, ImageSampler> m = new LinkedHashMap<>();
        m.put("trained G", game.sampler(false));
        m.put("weight average", game.sampler(true));
        return m;
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
            } catch (IOException | InvalidPathException e) {
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
                .optEmaDecay(args.get(EMA_DECAY))
                .optCheckpointEvery(args.get(CHECKPOINT_EVERY))
                .build();
    }
}
