package io.gankit.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.DigitDomains;
import io.gankit.data.ImageSet;
import io.gankit.loss.ContentLoss;
import io.gankit.metrics.DomainClassifier;
import io.gankit.metrics.GenerationScores;
import io.gankit.metrics.GeneratorSource;
import io.gankit.metrics.LabelPreservation;
import io.gankit.metrics.TranslationScores;
import io.gankit.nn.ImageSampler;
import io.gankit.train.Checkpoint;
import io.gankit.train.CycleGanGame;
import io.gankit.train.Pix2PixGame;
import io.gankit.train.Run;
import io.gankit.train.SuperResolutionGame;
import io.gankit.train.TrainConfig;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvWriteOptions;

/**
 * {@code ./gankit evaluate RUN...}: the table that says whether image-to-image runs work, on
 * held-out test images: SRGAN runs beside bicubic (PSNR, SSIM, domain FID), pix2pix runs beside
 * the grey input and the originals (L1, PSNR, SSIM, colourfulness), CycleGAN runs beside the
 * identity (labels kept), and generators from noise (LAPGAN, the GAN architectures) beside the real
 * training images (domain FID and IS). The scores are {@link TranslationScores}', {@link
 * LabelPreservation}'s and {@link GenerationScores}'; this verb rebuilds each run's game from its
 * folder and prints the tables.
 */
public final class EvaluateCommand implements Command {
    static final Flag<Integer> IMAGES = Flag.whole(
                    "images", "N", "held-out test images scored (the first N of the test split)")
            .defaultsTo(1000)
            .atLeast(2);
    static final Flag<Path> DATA = Flags.data("data folder (default: the one each run recorded)");
    static final Flag<Path> OUT = Flag.path(
            "out",
            "DIR",
            "also write FAMILY-scores.csv (srgan, pix2pix, cyclegan, generation) into DIR");
    static final Flag<Path> CACHE = Flag.path(
                    "cache",
                    "DIR",
                    "where the domain classifiers (the domain FIDs and ISs) are kept")
            .defaultsTo(DomainClassifier.defaultCache());

    static final Flags FLAGS = Flags.of(IMAGES, DATA, OUT, CACHE).withArguments("RUN", 1, 100);

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "score SRGAN, pix2pix, CycleGAN, LAPGAN, StyleGAN and GAN runs on held-out test images, beside their"
                + " baselines";
    }

    @Override
    public String description() {
        return """
                Rebuilds each run folder's game (./gankit train --model srgan | pix2pix | cyclegan) from its newest
                checkpoint and scores it on the first --images test images, one table per family:
                srgan: bicubic and each run (SRResNet while it never left its MSE pretraining, else
                SRGAN): PSNR (dB), SSIM, and on MNIST / Fashion-MNIST the domain FID of the outputs
                to the originals (the kit's classifier's features; lower is more like the originals);
                pix2pix: the grey input, each run (L1-only U-Net at --adversarial-weight 0, else
                pix2pix) and the originals: L1 (0-255), PSNR, SSIM, colourfulness (Hasler and
                Suesstrunk) and its share of the originals'; cyclegan: the identity and each run:
                the share of test digits whose label survives A -> B, A -> B -> A, B -> A and
                B -> A -> B (judged by the MNIST classifier and one trained on the MNIST-M-like
                digits, both cached) and the cycle L1; generation (./gankit train --model lapgan or
                stylegan, and GAN runs of the architectures, mixed freely on one data set): the real
                training images, then each run (two rows, trained G and weight average, for a run
                that keeps a moving average of G's weights): the domain FID to the --images test images and the domain IS
                of as many generated images (noise seed 1), through the data set's domain classifier
                (MNIST, Fashion-MNIST, CIFAR-10: trained once and cached; not comparable with
                Inception scores). Nothing in the run folders changes.""";
    }

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(Args args) {
        Map<String, List<Path>> families = new LinkedHashMap<>();
        for (String arg : args.positional()) {
            Path run = Path.of(arg);
            families.computeIfAbsent(familyOf(run), f -> new ArrayList<>()).add(run);
        }
        int images = args.get(IMAGES);
        for (Map.Entry<String, List<Path>> family : families.entrySet()) {
            List<Path> runs = family.getValue();
            TrainConfig first = Run.readConfig(runs.get(0));
            for (Path run : runs) {
                if (!Run.readConfig(run).dataset().equals(first.dataset())) {
                    throw new BadInputException(
                            run + " trained on " + Run.readConfig(run).dataset()
                                    + ", " + runs.get(0) + " on " + first.dataset()
                                    + "; expected the runs of one table to share a data set");
                }
            }
            DataFolder folder = TrainCommand.dataFolder(args.get(DATA), runs.get(0));
            if (family.getKey().equals(TrainCommand.CYCLEGAN)) {
                print(
                        labelPreservation(runs, folder, images, args.get(CACHE)),
                        family.getKey(),
                        args);
                continue;
            }
            ImageSet test =
                    Datasets.load(first.dataset(), Datasets.Split.TEST, folder).limit(images);
            ImageSet train = Datasets.load(first.dataset(), Datasets.Split.TRAIN, folder);
            Table table = switch (family.getKey()) {
                case TrainCommand.SRGAN ->
                    superResolution(runs, train, test, folder, args.get(CACHE));
                case TrainCommand.PIX2PIX -> colourisation(runs, train, test);
                default -> generation(runs, train, test, folder, args.get(CACHE));
            };
            print(table, family.getKey(), args);
        }
        return 0;
    }

    /** The family of runs that generate from noise: GANs of the architectures and LAPGANs. */
    static final String GENERATION = "generation";

    /** The seed of the noise every generator of the generation table draws from. */
    static final long NOISE_SEED = 1;

    /**
     * Generators of one data set (GAN runs, LAPGAN runs) beside its real training images: the
     * domain FID against the test images and the domain IS of as many images of each.
     */
    private static Table generation(
            List<Path> runs, ImageSet train, ImageSet test, DataFolder folder, Path cache) {
        String dataset = Run.readConfig(runs.get(0)).dataset();
        if (!TrainCommand.CLASSIFIED.contains(dataset)) {
            throw new BadInputException(runs.get(0) + " trained on " + dataset + "; the"
                    + " generation table scores with the domain classifier of "
                    + String.join(", ", TrainCommand.CLASSIFIED));
        }
        try (DomainClassifier detector =
                        DomainClassifier.cached(dataset, folder, cache, System.out);
                NDManager manager = NDManager.newBaseManager()) {
            List<GenerationScores.Entry> entries = new ArrayList<>();
            for (Path run : runs) {
                TrainConfig config = Run.readConfig(run);
                String model = Files.isRegularFile(run.resolve(TrainCommand.LAPGAN_FILE))
                        ? "LAPGAN"
                        : config.model().architecture();
                String label = model + ", " + doneSteps(run) + " steps: " + run.getFileName();
                for (Map.Entry<String, ImageSampler> g :
                        TrainCommand.loadGenerators(run, folder, manager).entrySet()) {
                    entries.add(new GenerationScores.Entry(
                            g.getKey().isEmpty() ? label : label + " (" + g.getKey() + ")",
                            new GeneratorSource(g.getValue(), NOISE_SEED, "run " + run)));
                }
            }
            return GenerationScores.of(entries, train, test, detector, test.size());
        }
    }

    /** Prints {@code table} and, with {@code --out}, writes it as {@code FAMILY-scores.csv}. */
    private static void print(Table table, String family, Args args) {
        System.out.println(table.printAll());
        if (args.get(OUT) != null) {
            Path file = args.get(OUT).resolve(family + "-scores.csv");
            StringWriter csv = new StringWriter();
            table.write().usingOptions(CsvWriteOptions.builder(csv).build());
            AtomicFiles.writeString(file, csv.toString());
            System.out.println("wrote " + file.toAbsolutePath());
        }
    }

    /**
     * CycleGAN runs beside the identity: the share of translated test digits that keep their
     * label, judged by the MNIST classifier and one of the MNIST-M-like digits, and the cycle L1.
     */
    private static Table labelPreservation(
            List<Path> runs, DataFolder folder, int images, Path cache) {
        long seed = TrainCommand.readSettings(
                        runs.get(0),
                        TrainCommand.CYCLEGAN_FILE,
                        TrainCommand.CycleGanSettings.class,
                        TrainCommand.CYCLEGAN)
                .domainSeed();
        DigitDomains.Domains train = DigitDomains.unpaired(folder, Datasets.Split.TRAIN, seed);
        DigitDomains.Domains test = DigitDomains.unpaired(folder, Datasets.Split.TEST, seed);
        try (DomainClassifier digits = DomainClassifier.cached("mnist", folder, cache, System.out);
                DomainClassifier coloured =
                        DomainClassifier.cachedMnistMLike(folder, seed, cache, System.out);
                NDManager manager = NDManager.newBaseManager()) {
            List<LabelPreservation.Translation> translations = new ArrayList<>();
            translations.add(LabelPreservation.Translation.identity());
            for (Path run : runs) {
                TrainConfig config = Run.readConfig(run);
                TrainCommand.CycleGanSettings settings = TrainCommand.readSettings(
                        run,
                        TrainCommand.CYCLEGAN_FILE,
                        TrainCommand.CycleGanSettings.class,
                        TrainCommand.CYCLEGAN);
                if (settings.domainSeed() != seed) {
                    throw new BadInputException(run + " built domain B with seed "
                            + settings.domainSeed() + ", " + runs.get(0) + " with " + seed
                            + "; expected one domain B per table");
                }
                CycleGanGame.Builder builder = settings.game(config, train.b(), test);
                CycleGanGame game = Run.load(run, train.a(), manager, builder::build);
                translations.add(new LabelPreservation.Translation(
                        "CycleGAN, " + doneSteps(run) + " steps: " + run.getFileName(),
                        game::translateAB,
                        game::translateBA));
            }
            return LabelPreservation.of(
                    translations, test.a().limit(images), test.b().limit(images), digits, coloured);
        }
    }

    /** {@code srgan} or {@code pix2pix}, by the settings file the run folder holds. */
    static String familyOf(Path run) {
        if (Files.isRegularFile(run.resolve(TrainCommand.SRGAN_FILE))) {
            return TrainCommand.SRGAN;
        }
        if (Files.isRegularFile(run.resolve(TrainCommand.PIX2PIX_FILE))) {
            return TrainCommand.PIX2PIX;
        }
        if (Files.isRegularFile(run.resolve(TrainCommand.CYCLEGAN_FILE))) {
            return TrainCommand.CYCLEGAN;
        }
        if (Files.isRegularFile(run.resolve("config.json"))) {
            return GENERATION; // a LAPGAN, a StyleGAN, or a GAN of the architectures
        }
        throw new BadInputException(run + " is no run folder of ./gankit train: it has none of "
                + TrainCommand.SRGAN_FILE + ", " + TrainCommand.PIX2PIX_FILE + ", "
                + TrainCommand.CYCLEGAN_FILE + " and no config.json (a GAN or LAPGAN run)");
    }

    private static Table superResolution(
            List<Path> runs, ImageSet train, ImageSet test, DataFolder folder, Path cache) {
        String dataset = Run.readConfig(runs.get(0)).dataset();
        DomainClassifier realism = TrainCommand.CLASSIFIED.contains(dataset)
                ? DomainClassifier.cached(dataset, folder, cache, System.out)
                : null;
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, UnaryOperator<NDArray>> models = new LinkedHashMap<>();
            int scale = 0;
            for (Path run : runs) {
                TrainConfig config = Run.readConfig(run);
                TrainCommand.SrganSettings settings = TrainCommand.readSettings(
                        run,
                        TrainCommand.SRGAN_FILE,
                        TrainCommand.SrganSettings.class,
                        TrainCommand.SRGAN);
                if (scale != 0 && scale != settings.scale()) {
                    throw new BadInputException(run + " enlarges " + settings.scale() + "x, the"
                            + " runs before it " + scale + "x; expected one scale per table");
                }
                scale = settings.scale();
                ImageSet held = test.limit(settings.held());
                // the content loss does not change the networks, and no training happens here
                SuperResolutionGame.Builder builder =
                        settings.game(config, held, ContentLoss.pixels());
                SuperResolutionGame game = Run.load(run, train, manager, builder::build);
                long steps = doneSteps(run);
                String kind = steps <= settings.pretrainSteps() ? "SRResNet (MSE only)" : "SRGAN";
                models.put(
                        kind + ", " + steps + " steps: " + run.getFileName(), game::superResolve);
            }
            return TranslationScores.superResolution(test, scale, models, realism);
        } finally {
            if (realism != null) {
                realism.close();
            }
        }
    }

    private static Table colourisation(List<Path> runs, ImageSet train, ImageSet test) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, UnaryOperator<NDArray>> models = new LinkedHashMap<>();
            for (Path run : runs) {
                TrainConfig config = Run.readConfig(run);
                TrainCommand.Pix2PixSettings settings = TrainCommand.readSettings(
                        run,
                        TrainCommand.PIX2PIX_FILE,
                        TrainCommand.Pix2PixSettings.class,
                        TrainCommand.PIX2PIX);
                Pix2PixGame.Builder builder = settings.game(config, test.limit(settings.held()));
                Pix2PixGame game = Run.load(run, train, manager, builder::build);
                String kind = settings.adversarialWeight() == 0 ? "L1-only U-Net" : "pix2pix";
                models.put(
                        kind + ", " + doneSteps(run) + " steps: " + run.getFileName(),
                        game::colourise);
            }
            return TranslationScores.colourisation(test, models);
        }
    }

    /** The steps of a run's newest checkpoint (0 without one). */
    private static long doneSteps(Path run) {
        return Checkpoint.latest(run).map(Checkpoint::stepOf).orElse(0L);
    }
}
