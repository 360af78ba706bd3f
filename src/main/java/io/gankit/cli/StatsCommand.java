package io.gankit.cli;

import io.gankit.BadInputException;
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
    @Override
    public String name() {
        return "stats";
    }

    @Override
    public String summary() {
        return "write FID statistics (mu, sigma as .npz, pytorch-fid format) of a folder of images";
    }

    @Override
    public String usage() {
        return """
                usage: ./gankit stats IMAGES --out FILE.npz [flags]
                Runs the detector over the PNG images of the folder IMAGES and writes their mean and unbiased
                covariance as float64 mu and sigma (numpy.load and pytorch-fid read the file) plus n, the
                number of images. Use the file as either side of ./gankit fid.

                  --out FILE        the .npz to write (required)
                  --detector PATH   TorchScript detector (default: DATA/detectors/inception-2015-12-05.pt)
                  --data DIR        data folder holding the detector cache (default $GANKIT_DATA or ~/.gankit/data)
                  --batch N         images per forward call (default 64)
                  --n N             use the first N images (default all)
                """;
    }

    @Override
    public int run(Args args) throws Exception {
        List<String> paths = args.positional();
        Path out = args.path("out", null);
        Path detectorPath = args.path("detector", null);
        Path data = args.path("data", null);
        int batch = args.integer("batch", TorchScriptDetector.DEFAULT_BATCH);
        int limit = args.integer("n", 0);
        args.rejectUnknown();
        if (paths.size() != 1) {
            throw new BadInputException(paths.size() + " paths given; expected one folder of images (see --help)");
        }
        if (out == null || !out.toString().endsWith(".npz")) {
            throw new BadInputException("--out " + out + "; expected the .npz file to write");
        }
        ImageFolder folder = ImageFolder.open(Path.of(paths.get(0)));
        int n = limit > 0 ? limit : (int) folder.size();
        try (TorchScriptDetector detector = FidCommand.openDetector(detectorPath, data, batch)) {
            Features features = detector.features(folder, n);
            GaussianStats stats = features.stats();
            stats.write(out);
            Passport passport = Passport.forDetector(detector).setReal(n, folder.description())
                    .setGenerated(0, null).setFeatureDim(stats.dim())
                    .optImageSize(folder.channels() + "x" + folder.height() + "x" + folder.width())
                    .optSqrtMethod("n/a (statistics only; FID uses " + FrechetDistance.SQRT_METHOD + ")")
                    .build();
            System.out.println("wrote " + out + ": mu (" + stats.dim() + "), sigma (" + stats.dim() + "x"
                    + stats.dim() + "), n = " + n);
            System.out.print(passport.toText());
        }
        return 0;
    }
}
