package io.gankit.metrics;

import io.gankit.BadInputException;
import io.gankit.data.ImageSet;

/**
 * How colourful images are, as Hasler and Suesstrunk (2003) measure it: from the opponent colour
 * planes {@code rg = R - G} and {@code yb = (R + G) / 2 - B} of an image (0-255 scale), {@code M =
 * sqrt(sd_rg^2 + sd_yb^2) + 0.3 sqrt(mean_rg^2 + mean_yb^2)}. A grey image scores 0; their survey
 * found about 15 "slightly colourful", 33 "moderately", 45 "averagely", 59 "quite" and 82 "highly".
 *
 * <p>Colourisation's realism score: a network trained on L1 alone paints the safe average, brown
 * and grey, and scores far below the originals; a GAN's colours come closer to theirs.
 */
public final class Colourfulness {
    private Colourfulness() {}

    /** {@code M} of one RGB image given as its three planes, each {@code height x width} values. */
    public static double of(double[] red, double[] green, double[] blue) {
        if (red.length == 0 || red.length != green.length || red.length != blue.length) {
            throw new BadInputException("colourfulness of planes of " + red.length + ", "
                    + green.length + " and " + blue.length + " pixels; expected three equal,"
                    + " non-empty planes");
        }
        int n = red.length;
        double sumRg = 0;
        double sumYb = 0;
        for (int i = 0; i < n; i++) {
            sumRg += red[i] - green[i];
            sumYb += 0.5 * (red[i] + green[i]) - blue[i];
        }
        double meanRg = sumRg / n;
        double meanYb = sumYb / n;
        double varRg = 0;
        double varYb = 0;
        for (int i = 0; i < n; i++) {
            double rg = red[i] - green[i] - meanRg;
            double yb = 0.5 * (red[i] + green[i]) - blue[i] - meanYb;
            varRg += rg * rg;
            varYb += yb * yb;
        }
        // population deviations, as the paper's (and NumPy's default) std
        return Math.sqrt(varRg / n + varYb / n) + 0.3 * Math.hypot(meanRg, meanYb);
    }

    /** The mean {@code M} of the images of a colour set. */
    public static double mean(ImageSet images) {
        if (images.channels() != 3 || images.size() == 0) {
            throw new BadInputException(images + ": colourfulness needs colour images (3"
                    + " channels) and at least one; it has " + images.channels() + " channels"
                    + " and " + images.size() + " images");
        }
        int pixels = images.height() * images.width();
        double sum = 0;
        double[][] planes = new double[3][pixels];
        for (int i = 0; i < images.size(); i++) {
            for (int c = 0; c < 3; c++) {
                for (int r = 0, p = 0; r < images.height(); r++) {
                    for (int q = 0; q < images.width(); q++, p++) {
                        planes[c][p] = images.pixel(i, c, r, q);
                    }
                }
            }
            sum += of(planes[0], planes[1], planes[2]);
        }
        return sum / images.size();
    }
}
