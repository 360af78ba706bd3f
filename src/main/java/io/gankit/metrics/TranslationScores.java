package io.gankit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.gankit.BadInputException;
import io.gankit.data.Greyscale;
import io.gankit.data.ImageSet;
import io.gankit.data.Resample;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The tables that say whether an image-to-image model works, on held-out images: super-resolution
 * (PSNR, SSIM and a domain FID for bicubic and each model) and colourisation (L1, PSNR, SSIM and
 * colourfulness for the grey input, each model and the originals). PSNR is the set's (from the
 * mean squared error over all its pixels), SSIM the mean of the images' (scikit-image's values). A model is a function from a
 * batch of inputs in [-1, 1] to a batch of outputs (a game's {@code superResolve} or {@code
 * colourise}); outputs become bytes by {@link Quantization}'s rule before they are scored, as an
 * image file would hold them.
 */
public final class TranslationScores {
    /** Images per batch through a model. */
    static final int BATCH = 100;

    private TranslationScores() {}

    /**
     * Every image of {@code inputs} through {@code model}, batch by batch, as bytes; labels kept.
     * The batches' arrays live in a scope that closes.
     */
    public static ImageSet translate(ImageSet inputs, UnaryOperator<NDArray> model, String name) {
        ImageSet out = null;
        try (NDManager scope = NDManager.newBaseManager()) {
            for (int from = 0; from < inputs.size(); from += BATCH) {
                int count = Math.min(BATCH, inputs.size() - from);
                int[] indices = new int[count];
                int[] labels = new int[count];
                for (int i = 0; i < count; i++) {
                    indices[i] = from + i;
                    labels[i] = inputs.label(from + i);
                }
                try (NDManager batch = scope.newSubManager()) {
                    NDArray bytes =
                            Quantization.fromSigned(model.apply(inputs.batch(batch, indices)));
                    ImageSet part = ImageSet.fromUint8(name, bytes, labels, inputs.classNames());
                    out = out == null ? part : out.concat(part);
                }
            }
        }
        if (out == null) {
            throw new BadInputException(inputs + ": no images to translate; expected at least one");
        }
        return out;
    }

    /** The mean absolute difference of two sets' pixels, on the 0-255 scale. */
    public static double meanAbsoluteError(ImageSet images, ImageSet targets) {
        return meanPower(images, targets, 1);
    }

    /**
     * PSNR (dB, 0-255) of a whole set against its targets, from the mean squared error over every
     * pixel of every image: finite whenever any pixel differs. (The mean of per-image PSNRs, {@link
     * ImageQuality#mean}, is infinite as soon as one image is reproduced exactly, as a grey CIFAR-10
     * image is by its own grey input.)
     */
    public static double psnr(ImageSet images, ImageSet targets) {
        return 10 * Math.log10(255.0 * 255.0 / meanPower(images, targets, 2));
    }

    private static double meanPower(ImageSet images, ImageSet targets, int power) {
        requireSameShape(images, targets);
        double sum = 0;
        long count = 0;
        for (int n = 0; n < images.size(); n++) {
            for (int c = 0; c < images.channels(); c++) {
                for (int r = 0; r < images.height(); r++) {
                    for (int q = 0; q < images.width(); q++, count++) {
                        double d = Math.abs(images.pixel(n, c, r, q) - targets.pixel(n, c, r, q));
                        sum += power == 1 ? d : d * d;
                    }
                }
            }
        }
        return sum / count;
    }

    /** {@code x} rounded to {@code digits} decimals, for a table a person reads. */
    static double round(double x, int digits) {
        if (!Double.isFinite(x)) {
            return x;
        }
        double f = Math.pow(10, digits);
        return Math.round(x * f) / f;
    }

    /**
     * Super-resolution at {@code scale}: each original shrunk by bicubic (as the games make their
     * inputs), enlarged again by bicubic and by each model; PSNR and SSIM against the originals,
     * and, when {@code realism} is given, the Frechet distance of the outputs' features to the
     * originals' (a domain FID: 0 for the originals themselves; blur raises it).
     */
    public static Table superResolution(
            ImageSet originals,
            int scale,
            Map<String, UnaryOperator<NDArray>> models,
            Detector realism) {
        if (scale < 2 || originals.height() % scale != 0 || originals.width() % scale != 0) {
            throw new BadInputException(originals + ": super-resolution at " + scale
                    + "x needs sides" + " divisible by the scale (such as 28 or 32 at 4x)");
        }
        ImageSet low =
                Resample.bicubic(originals, originals.height() / scale, originals.width() / scale);
        Map<String, ImageSet> outputs = new LinkedHashMap<>();
        outputs.put("bicubic", Resample.bicubic(low, originals.height(), originals.width()));
        models.forEach((name, model) -> outputs.put(name, translate(low, model, name)));
        StringColumn names = StringColumn.create("model");
        DoubleColumn psnr = DoubleColumn.create("psnr_db");
        DoubleColumn ssim = DoubleColumn.create("ssim");
        DoubleColumn fid = DoubleColumn.create("domain_fid");
        Features real = realism == null ? null : features(realism, originals);
        outputs.forEach((name, images) -> {
            names.append(name);
            psnr.append(round(psnr(images, originals), 2));
            ssim.append(round(ImageQuality.mean(images, originals).ssim(), 4));
            fid.append(
                    real == null
                            ? Double.NaN
                            : round(FrechetDistance.between(features(realism, images), real), 2));
        });
        Table t = Table.create(
                "super-resolution " + scale + "x on " + originals.size() + " held-out "
                        + originals.name() + " images",
                names,
                psnr,
                ssim);
        return realism == null ? t : t.addColumns(fid);
    }

    /**
     * Colourisation: each original turned grey ({@link Greyscale}), then painted by each model; L1
     * (0-255), PSNR and SSIM against the originals, and the mean colourfulness ({@link
     * Colourfulness}) beside the originals', as a share of it: the realism that L1 alone does not
     * reward. The grey input is the baseline (colourfulness 0), the originals the reference.
     */
    public static Table colourisation(
            ImageSet originals, Map<String, UnaryOperator<NDArray>> models) {
        ImageSet grey = Greyscale.of(originals);
        Map<String, ImageSet> outputs = new LinkedHashMap<>();
        outputs.put("grey input", asColour(grey));
        models.forEach((name, model) -> outputs.put(name, translate(grey, model, name)));
        outputs.put("originals", originals);
        double reference = Colourfulness.mean(originals);
        StringColumn names = StringColumn.create("model");
        DoubleColumn l1 = DoubleColumn.create("l1");
        DoubleColumn psnr = DoubleColumn.create("psnr_db");
        DoubleColumn ssim = DoubleColumn.create("ssim");
        DoubleColumn colour = DoubleColumn.create("colourfulness");
        DoubleColumn share = DoubleColumn.create("colourfulness_vs_originals");
        outputs.forEach((name, images) -> {
            double m = Colourfulness.mean(images);
            names.append(name);
            l1.append(round(meanAbsoluteError(images, originals), 2));
            psnr.append(round(psnr(images, originals), 2));
            ssim.append(round(ImageQuality.mean(images, originals).ssim(), 4));
            colour.append(round(m, 2));
            share.append(round(m / reference, 3));
        });
        return Table.create(
                "colourisation of " + originals.size() + " held-out " + originals.name()
                        + " images",
                names,
                l1,
                psnr,
                ssim,
                colour,
                share);
    }

    /** A grey set as three equal channels. */
    static ImageSet asColour(ImageSet grey) {
        int plane = grey.height() * grey.width();
        byte[] pixels = new byte[grey.size() * 3 * plane];
        int[] labels = new int[grey.size()];
        for (int n = 0, p = 0; n < grey.size(); n++) {
            labels[n] = grey.label(n);
            for (int c = 0; c < 3; c++) {
                for (int r = 0; r < grey.height(); r++) {
                    for (int q = 0; q < grey.width(); q++) {
                        pixels[p++] = (byte) grey.pixel(n, 0, r, q);
                    }
                }
            }
        }
        return ImageSet.create(
                grey.name(), pixels, labels, 3, grey.height(), grey.width(), grey.classNames());
    }

    private static Features features(Detector detector, ImageSet images) {
        try (NDManager scope = NDManager.newBaseManager()) {
            return detector.features(images.uint8(scope));
        }
    }

    private static void requireSameShape(ImageSet a, ImageSet b) {
        if (a.size() != b.size()
                || a.channels() != b.channels()
                || a.height() != b.height()
                || a.width() != b.width()) {
            throw new BadInputException(
                    a + " against " + b + ": expected two sets of the same size and image shape");
        }
    }
}
