package io.gankit.lab;

import java.util.List;

/**
 * The numbers the mode-collapse papers publish, kept as data so a table of the lab's own results
 * can stand beside them. Missing values are NaN.
 * <ul>
 *   <li>VEEGAN: A. Srivastava, L. Valkov, C. Russell, M. U. Gutmann, C. Sutton, "VEEGAN: Reducing
 *       Mode Collapse in GANs using Implicit Variational Learning", NeurIPS 2017, Tables 1 and 2
 *       (single values, no error bars).</li>
 *   <li>PacGAN: Z. Lin, A. Khetan, G. Fanti, S. Oh, "PacGAN: The power of two samples in generative
 *       adversarial networks", NeurIPS 2018, Table 1 (10 trials, +- standard error) and Table 2
 *       (stacked MNIST in VEEGAN's setting; the DCGAN row is their own run, 10 trials).</li>
 * </ul>
 */
public final class PublishedResults {
    /** Where a number was printed. */
    public static final String VEEGAN = "VEEGAN (Srivastava et al., NeurIPS 2017)";

    public static final String PACGAN = "PacGAN (Lin et al., NeurIPS 2018)";

    /**
     * One published row.
     *
     * @param data {@code ring}, {@code grid} or {@code stacked-mnist}
     * @param model the model as the paper names it
     * @param labModel the lab model it corresponds to ({@code GAN}, {@code PacGAN2}, {@code PacGAN4}),
     *     or empty when the lab has no counterpart
     * @param modes modes covered (mean over trials)
     * @param modesError its standard error, NaN when not published
     * @param highQualityPercent share of high-quality samples in percent
     * @param reverseKl KL(generated mode histogram || uniform)
     */
    public record Row(
            String data,
            String model,
            String labModel,
            String source,
            double modes,
            double modesError,
            double highQualityPercent,
            double highQualityError,
            double reverseKl,
            double reverseKlError) {}

    private static final double NA = Double.NaN;

    /** Every row, paper by paper. */
    public static final List<Row> ROWS = List.of(
            new Row("ring", "GAN", "GAN", VEEGAN, 1, NA, 99.3, NA, NA, NA),
            new Row("ring", "ALI", "", VEEGAN, 2.8, NA, 0.13, NA, NA, NA),
            new Row("ring", "Unrolled GAN", "", VEEGAN, 7.6, NA, 35.6, NA, NA, NA),
            new Row("ring", "VEEGAN", "", VEEGAN, 8, NA, 52.9, NA, NA, NA),
            new Row("grid", "GAN", "GAN", VEEGAN, 3.3, NA, 0.5, NA, NA, NA),
            new Row("grid", "ALI", "", VEEGAN, 15.8, NA, 1.6, NA, NA, NA),
            new Row("grid", "Unrolled GAN", "", VEEGAN, 23.6, NA, 16, NA, NA, NA),
            new Row("grid", "VEEGAN", "", VEEGAN, 24.6, NA, 40, NA, NA, NA),
            new Row("stacked-mnist", "DCGAN", "GAN", VEEGAN, 99, NA, NA, NA, 3.4, NA),
            new Row("stacked-mnist", "ALI", "", VEEGAN, 16, NA, NA, NA, 5.4, NA),
            new Row("stacked-mnist", "Unrolled GAN", "", VEEGAN, 48.7, NA, NA, NA, 4.32, NA),
            new Row("stacked-mnist", "VEEGAN", "", VEEGAN, 150, NA, NA, NA, 2.95, NA),
            new Row("ring", "GAN", "GAN", PACGAN, 6.3, 0.5, 98.2, 0.2, 0.45, 0.09),
            new Row("ring", "ALI", "", PACGAN, 6.6, 0.3, 97.6, 0.4, 0.36, 0.04),
            new Row("ring", "PacGAN2", "PacGAN2", PACGAN, 7.9, 0.1, 95.6, 2.0, 0.07, 0.03),
            new Row("ring", "PacGAN3", "", PACGAN, 7.8, 0.1, 97.7, 0.3, 0.10, 0.02),
            new Row("ring", "PacGAN4", "PacGAN4", PACGAN, 7.8, 0.1, 95.9, 1.4, 0.07, 0.02),
            new Row("grid", "GAN", "GAN", PACGAN, 17.3, 0.8, 94.8, 0.7, 0.70, 0.07),
            new Row("grid", "ALI", "", PACGAN, 24.1, 0.4, 95.7, 0.6, 0.14, 0.03),
            new Row("grid", "PacGAN2", "PacGAN2", PACGAN, 23.8, 0.7, 91.3, 0.8, 0.13, 0.04),
            new Row("grid", "PacGAN3", "", PACGAN, 24.6, 0.4, 94.2, 0.4, 0.06, 0.02),
            new Row("grid", "PacGAN4", "PacGAN4", PACGAN, 24.8, 0.2, 93.6, 0.6, 0.04, 0.01),
            new Row(
                    "stacked-mnist",
                    "DCGAN (their run)",
                    "GAN",
                    PACGAN,
                    78.9,
                    6.46,
                    NA,
                    NA,
                    4.50,
                    0.127),
            new Row("stacked-mnist", "PacDCGAN2", "PacGAN2", PACGAN, 1000, 0, NA, NA, 0.06, 0.003),
            new Row("stacked-mnist", "PacDCGAN3", "", PACGAN, 1000, 0, NA, NA, 0.06, 0.003),
            new Row("stacked-mnist", "PacDCGAN4", "", PACGAN, 1000, 0, NA, NA, 0.07, 0.005));

    private PublishedResults() {}

    /** The rows for one data set. */
    public static List<Row> forData(String data) {
        return ROWS.stream().filter(r -> r.data().equals(data)).toList();
    }

    /** The rows a lab model on a data set is compared with. */
    public static List<Row> counterparts(String data, String labModel) {
        if (labModel.isEmpty()) {
            return List.of(); // a lab model with no published counterpart
        }
        return ROWS.stream()
                .filter(r -> r.data().equals(data) && r.labModel().equals(labModel))
                .toList();
    }
}
