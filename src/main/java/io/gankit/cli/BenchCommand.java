package io.gankit.cli;

import io.gankit.bench.ConditioningRace;
import io.gankit.bench.FrechetBenchmark;
import io.gankit.bench.GanBench;
import io.gankit.bench.ImageToImageBench;
import io.gankit.bench.LayerBench;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.DigitDomains;
import io.gankit.data.ImageSet;
import io.gankit.loss.ContentLoss;
import io.gankit.nn.ModelSpec;
import io.gankit.train.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.Table;

/** {@code ./gankit bench}: speed and memory of the kit's trainer, beside a raw DJL loop and PyTorch. */
public final class BenchCommand implements Command {
    /** The models {@code --model all} times. */
    static final List<String> MODELS = List.of("mlp", "cifar-seed", "dcgan");
    /** The models {@code --routes} times with {@code --model all}: the convolutional ones. */
    static final List<String> ROUTE_MODELS = List.of("cifar-seed", "dcgan");

    /** Timed and warm-up steps of the slow modes, {@code --routes} and {@code --image-to-image}. */
    static final int SHORT_STEPS = 20;

    static final int SHORT_WARMUP = 5;

    static final Flag<String> MODEL = Flag.text(
                    "model", "NAME", "mlp (the seed's MNIST GAN) | cifar-seed | dcgan | all")
            .defaultsTo("mlp")
            .also("all with --routes");
    static final Flag<Integer> STEPS = Flag.whole("steps", "N", "timed steps per contender")
            .defaultsTo(300)
            .atLeast(1)
            .also(SHORT_STEPS + " with --routes, --image-to-image or --generators");
    static final Flag<Integer> WARMUP = Flag.whole("warmup", "N", "untimed steps first")
            .defaultsTo(100)
            .atLeast(0)
            .also(SHORT_WARMUP + " with --routes, --image-to-image or --generators");
    static final Flag<Integer> ROUNDS = Flag.whole(
                    "rounds", "N", "alternate the contenders N times, report the median")
            .defaultsTo(5)
            .atLeast(1);
    static final Flag<Integer> BATCH = Flag.whole("batch", "N", "batch size")
            .defaultsTo(0)
            .atLeast(0)
            .shownAs("per model: " + TrainCommand.batchDefaults(MODELS));
    static final Flag<Integer> MEMORY_STEPS = Flag.whole(
                    "memory-steps", "N", "steps of the memory run (mlp), RSS printed at intervals")
            .defaultsTo(5000)
            .atLeast(0)
            .also("0 skips");
    static final Flag<Boolean> MEMORY_WGAN_GP = Flag.toggle(
            "memory-wgan-gp",
            "the memory run trains the seed's networks as WGAN-GP (5 critic steps, lambda 10)");
    static final Flag<Path> PYTHON = Flag.path("python", "PATH", "Python with torch for the peer")
            .defaultsTo(Path.of("/usr/bin/python3"));
    static final Flag<Boolean> NO_PEER = Flag.toggle("no-peer", "skip the PyTorch peer");
    static final Flag<Path> DATA =
            Flags.data("data folder with MNIST / CIFAR-10, else random images");
    static final Flag<Boolean> FRECHET = Flag.toggle(
            "frechet",
            String.format(
                    Locale.ROOT,
                    "instead: the Frechet distance of %,d x %d features, time per route",
                    FrechetBenchmark.DEFAULT_N,
                    FrechetBenchmark.DEFAULT_D));
    static final Flag<Boolean> LAYERS = Flag.toggle(
            "layers", "instead: upsample x2 and zero-pad, the kit's layers vs plain DJL routes");
    static final Flag<Boolean> ROUTES = Flag.toggle(
            "routes",
            "instead: the raw step of each convolutional model (or "
                    + "--model) under every convolution route (direct, padded, no-onednn), beside the self-check's verdict");

    static final Flag<Boolean> IMAGE_TO_IMAGE = Flag.toggle(
            "image-to-image",
            "instead: the step of SRGAN, pix2pix and CycleGAN at train's teaching sizes on the real"
                    + " data beside the same models in PyTorch (bench/peer_i2i.py), same run, same"
                    + " threads");

    static final Flag<Boolean> GENERATORS = Flag.toggle(
            "generators",
            "instead: the step of LAPGAN (its finest level) and StyleGAN at train's teaching sizes on"
                    + " CIFAR-10 beside the same models in PyTorch (bench/peer_i2i.py), same run, same"
                    + " threads");

    static final Flag<Path> CONDITIONING = Flag.path(
            "conditioning",
            "DIR",
            "instead: class agreement of the conditional GAN, the kit's sweep in DIR "
                    + "(experiments/mnist-cgan-speed.json) beside the same model trained here in "
                    + "PyTorch (bench/peer_cgan.py), same seeds, one judge");
    static final Flag<Path> OUT = Flag.path(
                    "out",
                    "DIR",
                    "with --conditioning: the PyTorch runs, runs.csv, summary.csv, agreement.png")
            .defaultsTo(Path.of("runs", "conditioning"));
    static final Flag<Integer> WORKERS =
            Flags.workers("with --conditioning: PyTorch runs trained at once, one thread each");

    static final Flags FLAGS = Flags.of(
            MODEL,
            STEPS,
            WARMUP,
            ROUNDS,
            BATCH,
            MEMORY_STEPS,
            MEMORY_WGAN_GP,
            PYTHON,
            NO_PEER,
            DATA,
            FRECHET,
            LAYERS,
            ROUTES,
            IMAGE_TO_IMAGE,
            GENERATORS,
            CONDITIONING,
            OUT,
            WORKERS);

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "steps/s of a GAN step (kit trainer, raw DJL loop, PyTorch), resident memory; FID and layer timings";
    }

    @Override
    public String description() {
        return """
                Times a GAN training step after warm-up: the kit's trainer, a raw DJL loop and, where
                Python PyTorch is installed (Debian: apt-get install python3-torch), the same step in
                PyTorch, all in this one run at the same thread count; then resident memory over a long
                run. Threads: GANKIT_THREADS. Run it on an otherwise idle machine.""";
    }

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(Args args) throws Exception {
        if (args.get(FRECHET)) {
            args.rejectUnused("with --frechet");
            FrechetBenchmark.run(
                    FrechetBenchmark.DEFAULT_N, FrechetBenchmark.DEFAULT_D, 1, false, System.out);
            return 0;
        }
        if (args.has(CONDITIONING)) {
            Path sweep = args.get(CONDITIONING);
            Path out = args.get(OUT);
            Path python = args.get(PYTHON);
            int workers = args.get(WORKERS);
            DataFolder data = DataFolder.resolve(args.get(DATA));
            args.rejectUnused("with --conditioning");
            Table summary = new ConditioningRace(
                            new ConditioningRace.Settings(sweep, out, python, data, workers),
                            System.out)
                    .run();
            System.out.println(summary.printAll());
            System.out.println(
                    "wrote " + out.resolve("summary.csv") + ", runs.csv and agreement.png");
            return 0;
        }
        if (args.get(LAYERS)) {
            args.rejectUnused("with --layers");
            LayerBench.main(new String[0]);
            return 0;
        }
        if (args.get(GENERATORS)) {
            int steps = args.getOr(STEPS, SHORT_STEPS);
            int warmup = args.getOr(WARMUP, SHORT_WARMUP);
            int rounds = args.get(ROUNDS);
            Path python = args.get(NO_PEER) ? null : args.get(PYTHON);
            DataFolder data = DataFolder.resolve(args.get(DATA));
            args.rejectUnused("with --generators");
            new ImageToImageBench(
                            new ImageToImageBench.Settings(
                                    generatorFamilies(data), steps, warmup, rounds, python),
                            System.out)
                    .run();
            return 0;
        }
        if (args.get(IMAGE_TO_IMAGE)) {
            int steps = args.getOr(STEPS, SHORT_STEPS);
            int warmup = args.getOr(WARMUP, SHORT_WARMUP);
            int rounds = args.get(ROUNDS);
            Path python = args.get(NO_PEER) ? null : args.get(PYTHON);
            DataFolder data = DataFolder.resolve(args.get(DATA));
            args.rejectUnused("with --image-to-image");
            new ImageToImageBench(
                            new ImageToImageBench.Settings(
                                    imageToImageFamilies(data), steps, warmup, rounds, python),
                            System.out)
                    .run();
            return 0;
        }
        if (args.get(ROUTES)) {
            String model = args.getOr(MODEL, "all");
            int steps = args.getOr(STEPS, SHORT_STEPS);
            int warmup = args.getOr(WARMUP, SHORT_WARMUP);
            int rounds = args.get(ROUNDS);
            int batch = args.get(BATCH);
            DataFolder data = DataFolder.resolve(args.get(DATA));
            args.rejectUnused("with --routes");
            for (String m : model.equals("all") ? ROUTE_MODELS : List.of(model)) {
                new GanBench(
                                new GanBench.Settings(
                                        m, steps, warmup, rounds, batch, 0, false, null, data),
                                System.out)
                        .routes();
                System.out.println();
            }
            return 0;
        }
        String model = args.get(MODEL);
        int steps = args.get(STEPS);
        int warmup = args.get(WARMUP);
        int rounds = args.get(ROUNDS);
        int batch = args.get(BATCH);
        int memorySteps = args.get(MEMORY_STEPS);
        boolean memoryWganGp = args.get(MEMORY_WGAN_GP);
        Path python = args.get(NO_PEER) ? null : args.get(PYTHON);
        DataFolder data = DataFolder.resolve(args.get(DATA));
        args.rejectUnused("with --no-peer");
        for (String m : model.equals("all") ? MODELS : List.of(model)) {
            new GanBench(
                            new GanBench.Settings(
                                    m,
                                    steps,
                                    warmup,
                                    rounds,
                                    batch,
                                    m.equals("mlp") ? memorySteps : 0,
                                    memoryWganGp,
                                    python,
                                    data),
                            System.out)
                    .run();
            System.out.println();
        }
        return 0;
    }

    /**
     * The image-to-image families as {@code ./gankit train --model srgan|pix2pix|cyclegan} builds
     * them, on their training data from {@code folder}: the teaching sizes of {@link
     * TrainCommand.SrganSettings} (the adversarial phase at once, pixel content loss), {@link
     * TrainCommand.Pix2PixSettings} (the paper's adversarial weight) and {@link
     * TrainCommand.CycleGanSettings}, train's batch sizes and Adam settings, and the PyTorch peer's
     * arguments naming the same networks and loss weights.
     */
    static List<ImageToImageBench.Family> imageToImageFamilies(DataFolder folder) {
        TrainCommand.SrganSettings sr = TrainCommand.SrganSettings.of(0, "pixels");
        String srData = "fashion-mnist";
        ImageSet srTrain = Datasets.load(srData, Datasets.Split.TRAIN, folder);
        ImageSet srHeld = Datasets.load(srData, Datasets.Split.TEST, folder).limit(sr.held());
        TrainConfig srConfig = teachingConfig(
                srData,
                TrainCommand.SRGAN,
                srTrain,
                TrainCommand.SRGAN_BATCH,
                TrainCommand.SRGAN_LR,
                0.9);
        ImageToImageBench.Family srgan = new ImageToImageBench.Family(
                TrainCommand.SRGAN,
                srConfig,
                srTrain,
                sr.game(srConfig, srHeld, ContentLoss.pixels())::build,
                List.of(
                        "--scale", "" + sr.scale(),
                        "--g-filters", "" + sr.generatorFilters(),
                        "--g-blocks", "" + sr.generatorBlocks(),
                        "--d-filters", "" + sr.discriminatorFilters(),
                        "--d-levels", "" + sr.discriminatorLevels(),
                        "--dense", "" + sr.discriminatorDense(),
                        // SuperResolutionGame.Builder's default, the paper's 1e-3
                        "--adversarial-weight", "0.001"));

        TrainCommand.Pix2PixSettings p2p =
                TrainCommand.Pix2PixSettings.of(TrainCommand.ADVERSARIAL_WEIGHT.fallback());
        String p2pData = "cifar10";
        ImageSet p2pTrain = Datasets.load(p2pData, Datasets.Split.TRAIN, folder);
        ImageSet p2pHeld = Datasets.load(p2pData, Datasets.Split.TEST, folder).limit(p2p.held());
        TrainConfig p2pConfig = teachingConfig(
                p2pData,
                TrainCommand.PIX2PIX,
                p2pTrain,
                TrainCommand.PIX2PIX_BATCH,
                TrainCommand.PIX2PIX_LR,
                0.5);
        ImageToImageBench.Family pix2pix = new ImageToImageBench.Family(
                TrainCommand.PIX2PIX,
                p2pConfig,
                p2pTrain,
                p2p.game(p2pConfig, p2pHeld)::build,
                List.of(
                        "--g-filters", "" + p2p.generatorFilters(),
                        "--g-levels", "" + p2p.generatorLevels(),
                        "--dropout", p2p.dropout() ? "1" : "0",
                        "--d-filters", "" + p2p.discriminatorFilters(),
                        "--d-layers", "" + p2p.discriminatorLayers(),
                        "--l1-weight", "" + p2p.l1Weight(),
                        "--adversarial-weight", "" + p2p.adversarialWeight()));

        TrainCommand.CycleGanSettings cg = TrainCommand.CycleGanSettings.teaching();
        DigitDomains.Domains cgTrain =
                DigitDomains.unpaired(folder, Datasets.Split.TRAIN, cg.domainSeed());
        DigitDomains.Domains cgTest =
                DigitDomains.unpaired(folder, Datasets.Split.TEST, cg.domainSeed());
        TrainConfig cgConfig = teachingConfig(
                "mnist",
                TrainCommand.CYCLEGAN,
                cgTrain.a(),
                TrainCommand.CYCLEGAN_BATCH,
                TrainCommand.CYCLEGAN_LR,
                0.5);
        ImageToImageBench.Family cyclegan = new ImageToImageBench.Family(
                TrainCommand.CYCLEGAN,
                cgConfig,
                cgTrain.a(),
                cg.game(cgConfig, cgTrain.b(), cgTest)::build,
                List.of(
                        "--g-filters", "" + cg.generatorFilters(),
                        "--g-blocks", "" + cg.generatorBlocks(),
                        "--d-filters", "" + cg.discriminatorFilters(),
                        "--d-layers", "" + cg.discriminatorLayers(),
                        "--cycle-weight", "" + cg.cycleWeight(),
                        "--identity-weight", "" + cg.identityWeight(),
                        "--pool", "" + cg.poolSize()));
        return List.of(srgan, pix2pix, cyclegan);
    }

    /**
     * LAPGAN and StyleGAN as {@code ./gankit train --model lapgan|stylegan} builds them on CIFAR-10
     * ({@link TrainCommand.LapganSettings}, {@link TrainCommand.StyleganSettings}), train's batch
     * sizes and Adam settings, and the PyTorch peer's arguments naming the same networks. LAPGAN
     * trains one level per step; with one step per level, the steps after the warm-up's first two
     * are the finest level's (32x32), its most expensive.
     */
    static List<ImageToImageBench.Family> generatorFamilies(DataFolder folder) {
        ImageSet train = Datasets.load("cifar10", Datasets.Split.TRAIN, folder);
        TrainCommand.LapganSettings lap = TrainCommand.LapganSettings.of(1);
        TrainConfig lapConfig = teachingConfig(
                "cifar10",
                TrainCommand.LAPGAN,
                train,
                TrainCommand.LAPGAN_BATCH,
                TrainCommand.LAPGAN_LR,
                0.5,
                0.999);
        ImageToImageBench.Family lapgan = new ImageToImageBench.Family(
                TrainCommand.LAPGAN,
                lapConfig,
                train,
                lap.game(lapConfig)::build,
                List.of(
                        "--levels", "" + lap.levels(),
                        "--latent", "" + lapConfig.model().latent(),
                        "--hidden", "" + lap.hidden(),
                        "--g-filters", "" + lap.filters(),
                        "--average-decay", "" + lap.averageDecay()));
        TrainCommand.StyleganSettings style = TrainCommand.StyleganSettings.defaults();
        TrainConfig styleConfig = teachingConfig(
                "cifar10",
                TrainCommand.STYLEGAN,
                train,
                TrainCommand.STYLEGAN_BATCH,
                TrainCommand.STYLEGAN_LR,
                0,
                0.99);
        ImageToImageBench.Family stylegan = new ImageToImageBench.Family(
                TrainCommand.STYLEGAN,
                styleConfig,
                train,
                style.game(styleConfig)::build,
                List.of(
                        "--latent", "" + styleConfig.model().latent(),
                        "--style", "" + style.styleSize(),
                        "--mapping-layers", "" + style.mappingLayers(),
                        "--g-filters", "" + style.width(),
                        "--mixing", "" + style.mixing(),
                        "--r1-gamma", "" + style.r1Gamma(),
                        "--r1-every", "" + style.r1Every(),
                        "--average-images", "" + style.averageImages()));
        return List.of(lapgan, stylegan);
    }

    /**
     * A game's config as {@code train} makes it with its default flags: the data's image shape,
     * train's batch size, learning rate and betas for the model, the default seed.
     */
    private static TrainConfig teachingConfig(
            String dataset, String model, ImageSet train, int batch, double lr, double beta1) {
        return teachingConfig(dataset, model, train, batch, lr, beta1, 0.999);
    }

    /** As above, with Adam's second beta. */
    private static TrainConfig teachingConfig(
            String dataset,
            String model,
            ImageSet train,
            int batch,
            double lr,
            double beta1,
            double beta2) {
        return TrainConfig.builder()
                .setDataset(dataset)
                .setModel(new ModelSpec(
                        model,
                        TrainConfig.builder().build().model().latent(),
                        train.channels(),
                        train.height(),
                        train.width(),
                        0))
                .optEpochs(100_000)
                .optBatchSize(batch)
                .optLearningRate(lr)
                .optBetas(beta1, beta2)
                .build();
    }
}
