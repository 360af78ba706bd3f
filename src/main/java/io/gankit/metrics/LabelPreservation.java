package io.gankit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gankit.BadInputException;
import io.gankit.data.ImageSet;
import io.gankit.train.CycleGanGame;
import java.util.List;
import java.util.function.UnaryOperator;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a user of an unpaired translation cares about: does a digit stay the same digit? For each
 * translator (a pair of functions A -> B and B -> A on images in [-1, 1]) and held-out test images
 * of both domains, with a classifier of each domain (for digits: the MNIST {@link
 * DomainClassifier} and the MNIST-M-like one, {@link DomainClassifier#cachedMnistMLike}), one row:
 *
 * <ul>
 *   <li>{@code a_to_b_accuracy}: the share of translated A images that B's classifier labels as
 *       the source image's digit: the translation looks like B and keeps the digit;
 *   <li>{@code a_to_b_to_a_accuracy}: the share of round trips A -> B -> A that A's classifier
 *       labels correctly;
 *   <li>{@code a_cycle_l1}: {@code mean |A -> B -> A - A|} in the [-1, 1] range, CycleGAN's cycle
 *       loss on the test images (0 for a perfect round trip);
 *   <li>{@code b_to_a_accuracy}, {@code b_to_a_to_b_accuracy}, {@code b_cycle_l1}: the same from B.
 * </ul>
 *
 * <p>The {@code identity} row, the images as they are, is the baseline: its round trips are
 * exact (cycle L1 0, each classifier's own accuracy), and its one-way accuracies say how well a
 * classifier of one domain reads the other domain's untouched images. A translator that beats it
 * on the one-way accuracies has moved the images toward the other domain without losing the digit.
 *
 * <p>A translator's output is brought to the other domain's channels when they differ (grey to
 * colour by copying the channel, colour to grey by the mean of the channels), and every image to
 * its classifier's channels the same way; classifiers see the images as bytes ({@link
 * Quantization#fromSigned}), as they would from a PNG.
 */
public final class LabelPreservation {
    /** The table's columns after {@code translator}. */
    public static final List<String> COLUMNS = List.of(
            "a_to_b_accuracy",
            "a_to_b_to_a_accuracy",
            "a_cycle_l1",
            "b_to_a_accuracy",
            "b_to_a_to_b_accuracy",
            "b_cycle_l1");

    /** Images per batch through the translators and the classifiers. */
    static final int BATCH = 256;

    private LabelPreservation() {}

    /**
     * A named translator between domains A and B: each function takes images {@code (n, C, H, W)}
     * in [-1, 1] and returns as many translated ones in [-1, 1], in the input's manager, without a
     * graph (inference).
     */
    public record Translation(
            String name, UnaryOperator<NDArray> aToB, UnaryOperator<NDArray> bToA) {
        /** The baseline: every image as it is. */
        public static Translation identity() {
            return new Translation("identity", x -> x, x -> x);
        }

        /** A trained CycleGAN's two generators, in inference mode. */
        public static Translation of(CycleGanGame game) {
            return new Translation("CycleGAN", game::translateAB, game::translateBA);
        }
    }

    /**
     * The table of the identity baseline and {@code game}'s translation on {@code testA} and
     * {@code testB} (images of the game's shape, for digits {@code DigitDomains.unpaired(folder,
     * TEST, seed)}), judged by {@code classifierA} and {@code classifierB}.
     */
    public static Table of(
            CycleGanGame game,
            ImageSet testA,
            ImageSet testB,
            DomainClassifier classifierA,
            DomainClassifier classifierB) {
        return of(
                List.of(Translation.identity(), Translation.of(game)),
                testA,
                testB,
                classifierA,
                classifierB);
    }

    /** One row per translation, in order (see the class comment). */
    public static Table of(
            List<Translation> translations,
            ImageSet testA,
            ImageSet testB,
            DomainClassifier classifierA,
            DomainClassifier classifierB) {
        require(testA, classifierA, "A");
        require(testB, classifierB, "B");
        if (testA.height() != testB.height() || testA.width() != testB.width()) {
            throw new BadInputException("test images of " + testA.height() + "x" + testA.width()
                    + " in A and " + testB.height() + "x" + testB.width() + " in B; expected one"
                    + " image size for both domains");
        }
        StringColumn names = StringColumn.create("translator");
        DoubleColumn[] columns = new DoubleColumn[COLUMNS.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = DoubleColumn.create(COLUMNS.get(i));
        }
        for (Translation t : translations) {
            double[] a = roundTrip(
                    testA, testB.channels(), t.aToB(), t.bToA(), classifierB, classifierA);
            double[] b = roundTrip(
                    testB, testA.channels(), t.bToA(), t.aToB(), classifierA, classifierB);
            names.append(t.name());
            for (int i = 0; i < 3; i++) {
                columns[i].append(a[i]);
                columns[3 + i].append(b[i]);
            }
        }
        Table table = Table.create("label preservation", names);
        table.addColumns(columns);
        return table;
    }

    /**
     * Translates {@code source} there ({@code toOther}) and back: the share of translations
     * {@code otherClassifier} labels as the source's digit, the share of round trips {@code
     * sourceClassifier} labels so, and the mean absolute difference of the round trip.
     */
    private static double[] roundTrip(
            ImageSet source,
            int otherChannels,
            UnaryOperator<NDArray> toOther,
            UnaryOperator<NDArray> back,
            DomainClassifier otherClassifier,
            DomainClassifier sourceClassifier) {
        int n = source.size();
        int there = 0;
        int roundTrip = 0;
        double l1 = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int from = 0; from < n; from += BATCH) {
                int count = Math.min(BATCH, n - from);
                int[] indices = new int[count];
                for (int i = 0; i < count; i++) {
                    indices[i] = from + i;
                }
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = source.batch(scope, indices);
                    NDArray translated =
                            channels(checked(toOther.apply(x), x, "there"), otherChannels);
                    NDArray returned =
                            channels(checked(back.apply(translated), x, "back"), source.channels());
                    int[] labelsThere = otherClassifier.predict(Quantization.fromSigned(
                            channels(translated, otherClassifier.channels())));
                    int[] labelsBack = sourceClassifier.predict(Quantization.fromSigned(
                            channels(returned, sourceClassifier.channels())));
                    for (int i = 0; i < count; i++) {
                        int label = source.label(from + i);
                        there += labelsThere[i] == label ? 1 : 0;
                        roundTrip += labelsBack[i] == label ? 1 : 0;
                    }
                    l1 += returned.sub(x).abs().sum().getFloat();
                }
            }
        }
        return new double[] {
            there / (double) n, roundTrip / (double) n, l1 / ((double) n * source.imageBytes())
        };
    }

    /** {@code y} when it is a batch of as many images of {@code x}'s size as {@code x}. */
    private static NDArray checked(NDArray y, NDArray x, String way) {
        Shape s = y.getShape();
        Shape in = x.getShape();
        if (s.dimension() != 4
                || s.get(0) != in.get(0)
                || s.get(2) != in.get(2)
                || s.get(3) != in.get(3)) {
            throw new BadInputException("a translator (" + way + ") returned images of shape " + s
                    + " for " + in + "; expected as many images of the same size");
        }
        return y;
    }

    /**
     * Images {@code (n, C, H, W)} with {@code channels} channels: as they are, one channel copied
     * to each, or the mean of the channels.
     */
    static NDArray channels(NDArray x, int channels) {
        long c = x.getShape().get(1);
        if (c == channels) {
            return x;
        }
        if (c == 1) {
            return x.repeat(1, channels);
        }
        if (channels == 1) {
            return x.mean(new int[] {1}, true);
        }
        throw new BadInputException("images of " + c + " channels for a classifier or domain of "
                + channels + "; expected 1 and 3, or the same count");
    }

    private static void require(ImageSet test, DomainClassifier classifier, String domain) {
        if (test.size() == 0) {
            throw new BadInputException(test.name() + ": no test images of domain " + domain
                    + "; expected held-out images to translate");
        }
        if (test.classNames().size() != classifier.classes()) {
            throw new BadInputException(test.name() + ": " + test.classNames().size()
                    + " classes in domain " + domain + " and a classifier of "
                    + classifier.classes() + "; expected a classifier of the domain's classes");
        }
    }
}
