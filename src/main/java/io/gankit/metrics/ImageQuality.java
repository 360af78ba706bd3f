package io.gankit.metrics;

import io.gankit.BadInputException;
import io.gankit.data.ImageSet;

/**
 * How close an image is to its target, pixel by pixel: PSNR and SSIM, the fidelity scores of
 * super-resolution and image translation. Pure float64 maths on channel-first planes ({@code C x H x
 * W}, values in {@code [0, range]}), checked against scikit-image's values on fixed images
 * ({@code scripts/make-ssim-reference.py}).
 *
 * <p>SSIM is Wang et al. 2004's: local means, variances and covariance under an 11 x 11 Gaussian
 * window of sigma 1.5 (population moments), {@code C1 = (0.01 range)^2}, {@code C2 = (0.03
 * range)^2}, the map averaged over the pixels whose window lies inside the image, then over the
 * channels. As {@code structural_similarity(x, y, gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False, data_range=range, channel_axis=0)}.
 */
public final class ImageQuality {
    /** The Gaussian window's half width: scikit-image's truncate 3.5 x sigma 1.5, rounded. */
    static final int RADIUS = 5;

    static final double SIGMA = 1.5;
    private static final double K1 = 0.01;
    private static final double K2 = 0.03;
    private static final double[] WINDOW = window();

    private ImageQuality() {}

    private static double[] window() {
        double[] w = new double[2 * RADIUS + 1];
        double sum = 0;
        for (int i = -RADIUS; i <= RADIUS; i++) {
            w[i + RADIUS] = Math.exp(-i * i / (2 * SIGMA * SIGMA));
            sum += w[i + RADIUS];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return w;
    }

    /**
     * Peak signal-to-noise ratio in dB, {@code 10 log10(range^2 / MSE)}: infinite for identical
     * images. Higher is closer; it rewards the blurry average of the plausible answers.
     */
    public static double psnr(double[] image, double[] target, double range) {
        check(image, target, 1, image.length, 1);
        double mse = 0;
        for (int i = 0; i < image.length; i++) {
            double d = image[i] - target[i];
            mse += d * d;
        }
        mse /= image.length;
        return 10 * Math.log10(range * range / mse);
    }

    /**
     * Structural similarity of {@code image} to {@code target}, both {@code channels x height x
     * width}: 1 for identical images, about 0 for unrelated ones, below 0 for inverted structure.
     */
    public static double ssim(
            double[] image, double[] target, int channels, int height, int width, double range) {
        check(image, target, channels, height, width);
        if (height <= 2 * RADIUS || width <= 2 * RADIUS) {
            throw new BadInputException("SSIM of " + height + " x " + width + " images; expected"
                    + " sides above " + 2 * RADIUS + " (the 11 x 11 window)");
        }
        double c1 = Math.pow(K1 * range, 2);
        double c2 = Math.pow(K2 * range, 2);
        int plane = height * width;
        double total = 0;
        for (int c = 0; c < channels; c++) {
            int at = c * plane;
            double[] x = new double[plane];
            double[] y = new double[plane];
            double[] xx = new double[plane];
            double[] yy = new double[plane];
            double[] xy = new double[plane];
            for (int i = 0; i < plane; i++) {
                x[i] = image[at + i];
                y[i] = target[at + i];
                xx[i] = x[i] * x[i];
                yy[i] = y[i] * y[i];
                xy[i] = x[i] * y[i];
            }
            double[] mx = blur(x, height, width);
            double[] my = blur(y, height, width);
            double[] mxx = blur(xx, height, width);
            double[] myy = blur(yy, height, width);
            double[] mxy = blur(xy, height, width);
            double sum = 0;
            for (int r = RADIUS; r < height - RADIUS; r++) {
                for (int q = RADIUS; q < width - RADIUS; q++) {
                    int i = r * width + q;
                    double vx = mxx[i] - mx[i] * mx[i];
                    double vy = myy[i] - my[i] * my[i];
                    double cov = mxy[i] - mx[i] * my[i];
                    sum += (2 * mx[i] * my[i] + c1)
                            * (2 * cov + c2)
                            / ((mx[i] * mx[i] + my[i] * my[i] + c1) * (vx + vy + c2));
                }
            }
            total += sum / ((height - 2 * RADIUS) * (width - 2 * RADIUS));
        }
        return total / channels;
    }

    /**
     * The window's weighted mean around every pixel whose window lies inside the plane (others are
     * left 0: SSIM never reads them), as two one-dimensional passes.
     */
    private static double[] blur(double[] p, int height, int width) {
        double[] rows = new double[p.length];
        for (int r = 0; r < height; r++) {
            for (int q = RADIUS; q < width - RADIUS; q++) {
                double s = 0;
                for (int k = -RADIUS; k <= RADIUS; k++) {
                    s += WINDOW[k + RADIUS] * p[r * width + q + k];
                }
                rows[r * width + q] = s;
            }
        }
        double[] out = new double[p.length];
        for (int r = RADIUS; r < height - RADIUS; r++) {
            for (int q = RADIUS; q < width - RADIUS; q++) {
                double s = 0;
                for (int k = -RADIUS; k <= RADIUS; k++) {
                    s += WINDOW[k + RADIUS] * rows[(r + k) * width + q];
                }
                out[r * width + q] = s;
            }
        }
        return out;
    }

    /** Mean PSNR and mean SSIM of each image of {@code images} against the same-numbered target. */
    public record Scores(double psnr, double ssim, int images) {}

    /** The mean scores of {@code images} against {@code targets}, image by image, on the 0-255 scale. */
    public static Scores mean(ImageSet images, ImageSet targets) {
        if (images.size() != targets.size()
                || images.channels() != targets.channels()
                || images.height() != targets.height()
                || images.width() != targets.width()) {
            throw new BadInputException("image quality of " + images + " against " + targets
                    + "; expected two sets of the same size and image shape");
        }
        double psnr = 0;
        double ssim = 0;
        int c = images.channels();
        int h = images.height();
        int w = images.width();
        for (int n = 0; n < images.size(); n++) {
            double[] a = new double[c * h * w];
            double[] b = new double[c * h * w];
            for (int k = 0, i = 0; k < c; k++) {
                for (int r = 0; r < h; r++) {
                    for (int q = 0; q < w; q++, i++) {
                        a[i] = images.pixel(n, k, r, q);
                        b[i] = targets.pixel(n, k, r, q);
                    }
                }
            }
            psnr += psnr(a, b, 255);
            ssim += ssim(a, b, c, h, w, 255);
        }
        return new Scores(psnr / images.size(), ssim / images.size(), images.size());
    }

    private static void check(
            double[] image, double[] target, int channels, int height, int width) {
        long expected = (long) channels * height * width;
        if (image.length != expected || target.length != expected) {
            throw new BadInputException("image quality of " + image.length + " and " + target.length
                    + " values; expected " + expected + " each (" + channels + " x " + height
                    + " x " + width + ")");
        }
    }
}
