package io.gankit.cli;

import io.gankit.metrics.Features;
import io.gankit.metrics.FrechetDistance;
import io.gankit.metrics.GaussianStats;
import io.gankit.metrics.ImageFolder;
import io.gankit.metrics.Passport;
import io.gankit.metrics.TorchScriptDetector;

import java.nio.file.Path;
import java.util.List;

/** {@code ./gankit stats IMAGES --out FILE}: detector statistics of an image folder, in pytorch-fid format. */
public final class StatsCommand implements Command {
    static final Flag<Path> OUT = Flag.of(
                    "out",
                    "FILE.npz",
                    new Flag.Type<>(
                            "a file name ending in .npz",
                            text -> {
                                if (!text.endsWith(".npz")) {
                                    throw new IllegalArgumentException(text);
                                }
                                return Path.of(text);
                            },
                            Flag.PATH.show()),
                    "the .npz to write")
            .required();
    static final Flag<Integer> N = Flag.whole("n", "N", "use the first N images")
            .defaultsTo(0)
            .atLeast(0)
            .showZeroAs("all");
    static final Flags FLAGS = Flags.of(
                    OUT, FidCommand.DETECTOR, FidCommand.DATA, FidCommand.BATCH, N)
            .withArguments("IMAGES", 1, 1);

    @Override
    public String name() {
        return "stats";
    }

    @Override
    public String summary() {
        return "write FID statistics (mu, sigma as .npz, pytorch-fid format) of a folder of images";
    }

    @Override
    public String description() {
        return """
                Runs the detector over the PNG images of the folder IMAGES and writes their mean and unbiased
                covariance as float64 mu and sigma (numpy.load and pytorch-fid read the file) plus n, the
                number of images. Use the file as either side of ./gankit fid.""";
    }

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(Args args) throws Exception {
        List<String> paths = args.positional();
        Path out = args.get(OUT);
        Path detectorPath = args.get(FidCommand.DETECTOR);
        Path data = args.get(FidCommand.DATA);
        int batch = args.get(FidCommand.BATCH);
        int limit = args.get(N);
        ImageFolder folder = ImageFolder.open(Path.of(paths.get(0)));
        int n = limit > 0 ? limit : (int) folder.size();
        try (TorchScriptDetector detector = FidCommand.openDetector(detectorPath, data, batch)) {
            Features features = detector.features(folder, n);
            GaussianStats stats = features.stats();
            stats.write(out);
            Passport passport = Passport.forDetector(detector)
                    .setReal(n, folder.description())
                    .setGenerated(0, null)
                    .setFeatureDim(stats.dim())
                    .optImageSize(folder.channels() + "x" + folder.height() + "x" + folder.width())
                    .optSqrtMethod(
                            "n/a (statistics only; FID uses " + FrechetDistance.SQRT_METHOD + ")")
                    .build();
            System.out.println("wrote " + out + ": mu (" + stats.dim() + "), sigma (" + stats.dim()
                    + "x" + stats.dim() + "), n = " + n);
            System.out.print(passport.toText());
        }
        return 0;
    }
}
