package io.gankit.notebook;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.gankit.data.Greyscale;
import io.gankit.data.ImageSet;
import io.gankit.data.Pyramid;
import io.gankit.engine.Convolutions;
import io.gankit.engine.Scalars;
import io.gankit.experiment.SweepResults;
import io.gankit.lab.ModeScore;
import io.gankit.loss.CycleConsistency;
import io.gankit.loss.GradientPenalty;
import io.gankit.loss.Losses;
import io.gankit.loss.MinimaxTheory;
import io.gankit.loss.WeightClipping;
import io.gankit.metrics.ClassAgreement;
import io.gankit.metrics.Features;
import io.gankit.metrics.FrechetDistance;
import io.gankit.metrics.GaussianStats;
import io.gankit.metrics.InceptionScore;
import io.gankit.metrics.TranslationScores;
import io.gankit.nn.ConvTranspose2d;
import io.gankit.nn.Gan;
import io.gankit.nn.ModelSpec;
import io.gankit.nn.ModulatedConv;
import io.gankit.nn.Packed;
import io.gankit.nn.PixelShuffle;
import io.gankit.nn.StyleGan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.IntFunction;
import java.util.function.LongBinaryOperator;
import java.util.function.Supplier;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import tech.tablesaw.api.Table;

/**
 * The checks of the notebooks' exercises. An exercise is a gap cell (marked
 * {@code // your code here}) and a check cell that calls one method here with what the student
 * wrote. The check works the answer out with the kit's own tested code ({@code Losses},
 * {@code MinimaxTheory}, {@code FrechetDistance}, ...) and prints one line: {@code correct: ...},
 * {@code not yet: ...} while the gap is still empty, or {@code not quite: ...} with the value
 * given and the value expected.
 *
 * <p>A gap that is still empty compiles and runs: a value gap holds {@code Double.NaN} or
 * {@code null}, a function gap returns {@link #todo()}, which throws {@link NotDone} only when the
 * check calls it. So the students' copies run top to bottom without an error.
 *
 * <p>With {@value #SOLUTIONS} set (the notebook runner sets it when it fills in the solutions from
 * {@code notebooks/solutions/}), a check that is not {@code correct} throws {@link AssertionError}
 * instead: CI runs every notebook with its solutions, so a broken exercise or solution fails the
 * build.
 */
public final class Exercises {
    /** Set (to anything but 0/false) when the notebooks run with their solutions filled in. */
    public static final String SOLUTIONS = "GANKIT_SOLUTIONS";

    /** Every exercise, in notebook order: each notebook's gap cells name one of these in their metadata. */
    public static final List<String> IDS = List.of(
            "00-noise",
            "01-output-shape",
            "01-layer-parameters",
            "02-bce",
            "02-stable-log",
            "03-optimal-d",
            "03-equilibrium",
            "03-nonsaturating",
            "04-equilibrium-losses",
            "04-last-epoch",
            "05-fid-diagonal",
            "05-inception-score",
            "06-reverse-kl",
            "06-pacgan-shape",
            "07-conv-side",
            "07-transposed-side",
            "08-agreement",
            "08-chance",
            "09-critic-loss",
            "09-gradient-penalty",
            "09-clipping-slope",
            "10-psnr",
            "10-shuffle-shape",
            "11-luma",
            "11-cycle-loss",
            "12-upsample",
            "12-pyramid-size",
            "13-demodulation",
            "13-truncation",
            "14-mean-sd",
            "14-failed-cells");

    /** A cell failed in 14's learning rate x beta1 study when every seed ended with D(G(z)) below this. */
    public static final double FAILED_D_FAKE = 0.02;

    private Exercises() {}

    /** Thrown by {@link #todo()}: the gap's function has no body yet. */
    public static final class NotDone extends RuntimeException {
        NotDone() {
            super("not done yet: fill in the gap marked // your code here");
        }
    }

    /**
     * The body of a function gap that is still empty, e.g.
     * {@code DoubleUnaryOperator loss = d -> Exercises.todo();}: it compiles for any return type and
     * throws {@link NotDone} when called, which the check reports as "not yet".
     */
    public static <T> T todo() {
        throw new NotDone();
    }

    /** Whether the solutions are filled in, so that a check that is not satisfied must throw. */
    public static boolean solutionsMode() {
        String value = System.getProperty(SOLUTIONS);
        if (value == null) {
            value = System.getenv(SOLUTIONS);
        }
        return value != null
                && !value.isBlank()
                && !value.equals("0")
                && !value.equalsIgnoreCase("false");
    }

    /** A function gap for 11's first exercise: a grey level from a colour. */
    @FunctionalInterface
    public interface Luma {
        /** The grey level (0..255, need not be whole) of the colour {@code (red, green, blue)}, each 0..255. */
        double of(int red, int green, int blue);
    }

    /** A function gap for 07's exercises: the side of a layer's square output. */
    @FunctionalInterface
    public interface ConvSide {
        /** The output side for an input of side {@code in}. */
        long side(long in, int kernel, int stride, int padding);
    }

    // ---------------------------------------------------------------- 00

    /** 00-noise: a batch of 64 latent vectors of 100 standard normal numbers. */
    public static void latentNoise(NDArray z) {
        check("00-noise", () -> {
            if (z == null) {
                return notYet("z is still null: make an NDArray of 64 rows of 100 standard normal"
                        + " numbers (an NDManager can draw them)");
            }
            Shape expected = new Shape(64, 100);
            if (!z.getShape().equals(expected)) {
                return wrong(
                        "z has shape %s; expected %s: one row per latent vector, 64 vectors of"
                                + " 100 numbers",
                        z.getShape(), expected);
            }
            double[] v = z.toType(DataType.FLOAT64, false).toDoubleArray();
            double mean = Arrays.stream(v).average().orElseThrow();
            double sd = Math.sqrt(
                    Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
            // 6,400 draws: the sample mean and sd are within 0.02 of 0 and 1, so 0.1 is generous.
            if (Math.abs(mean) > 0.1 || Math.abs(sd - 1) > 0.1) {
                boolean uniform = Math.abs(mean - 0.5) < 0.05 && Math.abs(sd - 0.2887) < 0.05;
                return wrong(
                        "z's numbers have mean %s and standard deviation %s; a standard normal"
                                + " has mean 0 and standard deviation 1%s",
                        num(mean),
                        num(sd),
                        uniform ? " (these look uniform on [0, 1): draw normal numbers)" : "");
            }
            return correct(
                    "64 latent vectors of 100 numbers, mean %s, standard deviation %s: the"
                            + " input a generator turns into images",
                    num(mean), num(sd));
        });
    }

    // ---------------------------------------------------------------- 01

    /** 01-output-shape: the shape of a DCGAN generator's output for 10 latent vectors, 3 x 32 x 32. */
    public static void generatorOutputShape(Shape answer) {
        check("01-output-shape", () -> {
            if (answer == null) {
                return notYet("the shape is still null: write new Shape(...) with the sizes of"
                        + " G's output");
            }
            Shape expected;
            try (NDManager manager = NDManager.newBaseManager();
                    Gan gan = Gan.create(new ModelSpec("dcgan", 100, 3, 32, 32, 0), manager, 1)) {
                expected = gan.generate(gan.latent(manager, 10, new SplittableRandom(1)), false)
                        .getShape();
            }
            if (answer.equals(expected)) {
                return correct(
                        "G(z) for 10 latent vectors has shape %s: batch, channels, height,"
                                + " width (NCHW, as in PyTorch)",
                        expected);
            }
            if (sorted(answer).equals(sorted(expected))) {
                return wrong(
                        "you gave %s, G gives %s: the same sizes in another order; DJL and"
                                + " PyTorch store images as (batch, channels, height, width)",
                        answer, expected);
            }
            if (answer.equals(expected.slice(1))) {
                return wrong(
                        "you gave %s, the shape of one image; G makes a batch of 10 at once, and"
                                + " the batch comes first: %s",
                        answer, expected);
            }
            return wrong("you gave %s, G gives %s for 10 latent vectors", answer, expected);
        });
    }

    /**
     * 01-layer-parameters: {@code count(in, out)}, the parameters of a fully connected layer, on
     * every layer of {@code gan}'s generator.
     */
    public static void layerParameters(LongBinaryOperator count, Gan gan) {
        check("01-layer-parameters", () -> {
            List<Linear> layers = new ArrayList<>();
            linearLayers(gan.generator(), layers);
            if (layers.isEmpty()) {
                throw new IllegalArgumentException(
                        "the generator of " + gan.spec() + " has no fully connected layer");
            }
            long total = 0;
            List<String> terms = new ArrayList<>();
            for (Linear layer : layers) {
                Shape w = layer.getParameters().get("weight").getArray().getShape();
                long out = w.get(0);
                long in = w.get(1);
                long expected = Gan.parameterCount(layer);
                long got = (long)
                        ask(() -> count.applyAsLong(in, out), "for in = " + in + ", out = " + out);
                if (got != expected) {
                    String hint = got == in * out
                            ? ": that counts the weights alone; each output unit also has a bias"
                            : got == in * out + in
                                    ? ": one bias per output unit, not per input"
                                    : " (weights and biases)";
                    return wrong(
                            "for the layer %d -> %d your count gives %,d; the layer has %,d"
                                    + " parameters%s",
                            in, out, got, expected, hint);
                }
                total += expected;
                terms.add(String.format(Locale.ROOT, "%,d", expected));
            }
            return correct(
                    "%s = %,d parameters, as Gan.parameterCount(gan.generator()) says (%,d)",
                    String.join(" + ", terms), total, Gan.parameterCount(gan.generator()));
        });
    }

    private static void linearLayers(Block block, List<Linear> into) {
        for (Block child : block.getChildren().values()) {
            if (child instanceof Linear linear) {
                into.add(linear);
            } else {
                linearLayers(child, into);
            }
        }
    }

    private static List<Long> sorted(Shape s) {
        return Arrays.stream(s.getShape()).sorted().boxed().toList();
    }

    // ---------------------------------------------------------------- 02

    /** 02-bce: D's loss from the logits on a real and a generated batch. */
    public static void discriminatorLoss(ToDoubleBiFunction<double[], double[]> loss) {
        check("02-bce", () -> {
            double[][][] cases = {
                {{0, 0, 0, 0}, {0, 0, 0, 0}},
                {{2.0, 1.0, 3.0, 0.5}, {-1.0, -2.5, 0.0, -0.5}},
                {{-1.0, 0.5}, {1.0, 2.0}}
            };
            List<String> values = new ArrayList<>();
            for (double[][] c : cases) {
                double expected = kitDiscriminatorLoss(c[0], c[1]);
                String where = "for real logits " + Arrays.toString(c[0]) + " and fake logits "
                        + Arrays.toString(c[1]);
                double got = ask(() -> loss.applyAsDouble(c[0].clone(), c[1].clone()), where);
                if (!close(got, expected, 1e-6)) {
                    String hint = close(got, -expected, 1e-6)
                            ? ": the sign; a loss is minus a log-likelihood, so it is positive"
                            : close(got, expected / 2, 1e-6)
                                    ? ": each of the two terms is a mean over its own batch, and"
                                            + " the two are added"
                                    : "";
                    return wrong(
                            "%s your loss gives %s, expected %s%s",
                            where, num(got), num(expected), hint);
                }
                values.add(num(expected));
            }
            return correct(
                    "L_D = %s when D says 1/2 to everything (2 log 2), %s when D is right, %s"
                            + " when it is fooled",
                    values.get(0), values.get(1), values.get(2));
        });
    }

    private static double kitDiscriminatorLoss(double[] real, double[] fake) {
        try (NDManager m = NDManager.newBaseManager()) {
            return Losses.nonSaturating()
                    .discriminatorLoss(column(m, real), column(m, fake))
                    .getDouble();
        }
    }

    /** 02-stable-log: {@code -log D} for a logit, finite for any logit. */
    public static void minusLogD(DoubleUnaryOperator minusLogD) {
        check("02-stable-log", () -> {
            double[] logits = {-800, -40, -1, 0, 1, 40, 800};
            double[] expected;
            try (NDManager m = NDManager.newBaseManager()) {
                // -log sigmoid(l) = softplus(-l), the form the kit's losses use
                expected = Losses.softplus(m.create(logits).neg()).toDoubleArray();
            }
            for (int i = 0; i < logits.length; i++) {
                double l = logits[i];
                double got = ask(() -> minusLogD.applyAsDouble(l), "at l = " + num(l));
                if (!(Math.abs(got - expected[i]) <= 1e-12 + 1e-9 * Math.abs(expected[i]))) {
                    String hint = Double.isFinite(got)
                            ? ""
                            : ": e^" + num(Math.abs(l)) + " overflows a double; rewrite it so"
                                    + " that exp only ever sees a number <= 0 (split on the sign of"
                                    + " l)";
                    return wrong(
                            "at l = %s your -log D gives %s, expected %s%s",
                            num(l), num(got), num(expected[i]), hint);
                }
            }
            return correct(
                    "-log sigmoid(l) is finite from l = -800 (%s) to 800 (%s): the softplus the"
                            + " kit's losses work with, so no loss becomes infinite when D is sure",
                    num(expected[0]), num(expected[expected.length - 1]));
        });
    }

    // ---------------------------------------------------------------- 03

    /** 03-optimal-d: D*(x) from the two densities at x. */
    public static void optimalDiscriminator(DoubleBinaryOperator dStar) {
        check("03-optimal-d", () -> {
            double[] xs = MinimaxTheory.grid(-8, 8, 161);
            double[] pData = MinimaxTheory.normalDensity(xs, 0, 1);
            double[] pG = MinimaxTheory.normalDensity(xs, 2, 0.8);
            double[] expected = MinimaxTheory.optimalDiscriminator(pData, pG);
            for (int i = 0; i < xs.length; i++) {
                int k = i;
                String where = "at x = " + num(xs[i]);
                double got = ask(() -> dStar.applyAsDouble(pData[k], pG[k]), where);
                if (!close(got, expected[i], 1e-9)) {
                    String hint = close(got, 1 - expected[i], 1e-9)
                            ? ": that is 1 - D*, the probability that x is generated; D* is the"
                                    + " probability that x is real"
                            : "";
                    return wrong(
                            "%s (p_data = %s, p_g = %s) your D* is %s, expected %s%s",
                            where, num(pData[i]), num(pG[i]), num(got), num(expected[i]), hint);
                }
            }
            List<String> crossings = new ArrayList<>();
            for (int i = 1; i < xs.length; i++) {
                double a = expected[i - 1] - 0.5;
                double b = expected[i] - 0.5;
                if (a * b < 0) {
                    crossings.add(num(xs[i - 1] + (xs[i] - xs[i - 1]) * a / (a - b)));
                }
            }
            return correct(
                    "your D* equals MinimaxTheory.optimalDiscriminator at 161 points from -8 to 8;"
                            + " it is 1/2 where p_data = p_g (x = %s)",
                    String.join(" and x = ", crossings));
        });
    }

    /** 03-equilibrium: V(D*, G) when p_g = p_data. */
    public static void valueAtEquilibrium(double value) {
        check("03-equilibrium", () -> {
            if (Double.isNaN(value)) {
                return notYet("the value is still NaN: write V(D*, G) for p_g = p_data");
            }
            double[] xs = MinimaxTheory.grid(-8, 8, 3201);
            double[] p = MinimaxTheory.normalDensity(xs, 0, 1);
            double expected = MinimaxTheory.value(
                    p, p, MinimaxTheory.optimalDiscriminator(p, p), xs[1] - xs[0]);
            if (Math.abs(value - expected) <= 5e-4) {
                return correct(
                        "V(D*, G) = -log 4 = %s (MinimaxTheory.value on a grid: %s): the lowest"
                                + " value the generator can reach, exactly when p_g = p_data",
                        num(-Math.log(4)), num(expected));
            }
            String hint = Math.abs(value + expected) <= 5e-4
                    ? ": the sign; V adds logarithms of probabilities, never positive"
                    : Math.abs(value - expected / 2) <= 5e-4
                            ? ": that is one of the two terms; V adds E[log D(x)] and"
                                    + " E[log(1 - D(G(z)))], each log(1/2) here"
                            : Math.abs(value - 0.5) <= 5e-4
                                    ? ": that is D* itself; the value V(D*, G) is asked for"
                                    : "";
            return wrong("you gave %s, expected %s%s", num(value), num(expected), hint);
        });
    }

    /** 03-nonsaturating: the non-saturating generator loss as a function of D(G(z)). */
    public static void nonSaturatingLoss(DoubleUnaryOperator gLoss) {
        check("03-nonsaturating", () -> {
            double[] ds = {0.001, 0.01, 0.2, 0.5, 0.9, 0.999};
            double[] expected = new double[ds.length];
            try (NDManager m = NDManager.newBaseManager()) {
                for (int i = 0; i < ds.length; i++) {
                    expected[i] = Losses.nonSaturating()
                            .generatorLoss(column(m, new double[] {MinimaxTheory.logit(ds[i])}))
                            .getDouble();
                }
            }
            for (int i = 0; i < ds.length; i++) {
                double d = ds[i];
                String where = "at D(G(z)) = " + num(d);
                double got = ask(() -> gLoss.applyAsDouble(d), where);
                if (!close(got, expected[i], 1e-7)) {
                    String hint = close(got, Math.log(1 - d), 1e-7)
                            ? ": that is the minimax (saturating) loss log(1 - D(G(z))); the"
                                    + " non-saturating one is -log D(G(z))"
                            : close(got, Math.log(d), 1e-7)
                                    ? ": the sign; G minimises -log D(G(z)), which is large when"
                                            + " D rejects the sample"
                                    : close(got, -Math.log(1 - d), 1e-7)
                                            ? ": that is D's loss on a generated image; G wants"
                                                    + " D(G(z)) high"
                                            : "";
                    return wrong(
                            "%s your loss gives %s, expected %s (the kit's"
                                    + " Losses.nonSaturating())%s",
                            where, num(got), num(expected[i]), hint);
                }
            }
            return correct(
                    "-log D(G(z)) is %s at D(G(z)) = 0.001, where the minimax loss log(1 -"
                            + " D(G(z))) is %s and nearly flat: the non-saturating loss still"
                            + " pushes G when D rejects its samples",
                    num(expected[0]), num(Math.log(1 - ds[0])));
        });
    }

    // ---------------------------------------------------------------- 04

    /** 04-equilibrium-losses: L_D and L_G (non-saturating) when D says 1/2 to everything. */
    public static void lossesAtEquilibrium(double dLoss, double gLoss) {
        check("04-equilibrium-losses", () -> {
            if (Double.isNaN(dLoss) || Double.isNaN(gLoss)) {
                return notYet("dLossAtHalf or gLossAtHalf is still NaN");
            }
            double expectedD;
            double expectedG;
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray half = m.zeros(new Shape(8, 1), DataType.FLOAT64); // logit 0: D = 1/2
                expectedD = Losses.nonSaturating().discriminatorLoss(half, half).getDouble();
                expectedG = Losses.nonSaturating().generatorLoss(half).getDouble();
            }
            double tol = 5e-4;
            if (Math.abs(dLoss - expectedD) > tol) {
                String hint = Math.abs(dLoss - expectedD / 2) <= tol
                        ? ": L_D has two terms, -log D(x) and -log(1 - D(G(z))), each log 2 here"
                        : Math.abs(dLoss + expectedD) <= tol
                                ? ": the sign; a loss is minus a log-probability, so positive"
                                : "";
                return wrong("L_D: you gave %s, expected %s%s", num(dLoss), num(expectedD), hint);
            }
            if (Math.abs(gLoss - expectedG) > tol) {
                String hint = Math.abs(gLoss - 2 * expectedG) <= tol
                        ? ": L_G = -log D(G(z)) has one term"
                        : Math.abs(gLoss + expectedG) <= tol
                                ? ": the sign; -log(1/2) = log 2 is positive"
                                : "";
                return wrong("L_G: you gave %s, expected %s%s", num(gLoss), num(expectedG), hint);
            }
            return correct(
                    "when D says 1/2 to everything L_D = 2 log 2 = %s and L_G = log 2 = %s: the"
                            + " d_loss and g_loss in the table above tell how far from there the"
                            + " game is",
                    num(expectedD), num(expectedG));
        });
    }

    /** 04-last-epoch: the mean D(x) and D(G(z)) over the last epoch of a training history. */
    public static void lastEpochMeans(Table history, double dReal, double dFake) {
        check("04-last-epoch", () -> {
            if (Double.isNaN(dReal) || Double.isNaN(dFake)) {
                return notYet("lastDReal or lastDFake is still NaN: average the history's d_real"
                        + " and d_fake over the rows of the last epoch");
            }
            int[] epoch = history.intColumn("epoch").asIntArray();
            double[] real = history.numberColumn("d_real").asDoubleArray();
            double[] fake = history.numberColumn("d_fake").asDoubleArray();
            int last = Arrays.stream(epoch).max().orElseThrow();
            double sumReal = 0;
            double sumFake = 0;
            int steps = 0;
            for (int i = 0; i < epoch.length; i++) {
                if (epoch[i] == last) {
                    sumReal += real[i];
                    sumFake += fake[i];
                    steps++;
                }
            }
            double meanReal = sumReal / steps;
            double meanFake = sumFake / steps;
            if (close(dReal, meanReal, 1e-9) && close(dFake, meanFake, 1e-9)) {
                return correct(
                        "in epoch %d (%d steps) D(x) averaged %s and D(G(z)) %s, a gap of %s; at"
                                + " the equilibrium of notebook 03 both would be 1/2",
                        last, steps, num(meanReal), num(meanFake), num(meanReal - meanFake));
            }
            String hint = close(dReal, meanFake, 1e-9) && close(dFake, meanReal, 1e-9)
                    ? ": swapped; D(x) is d_real, D(G(z)) is d_fake"
                    : close(dReal, Arrays.stream(real).average().orElseThrow(), 1e-9)
                            ? ": that is the mean over the whole run; keep only the rows of the"
                                    + " last epoch (epoch " + last + ")"
                            : close(dReal, real[real.length - 1], 1e-9)
                                    ? ": that is the last step alone; average every step of"
                                            + " epoch " + last
                                    : "";
            return wrong(
                    "you gave D(x) = %s, D(G(z)) = %s; the last epoch (epoch %d, %d steps)"
                            + " averages D(x) = %s, D(G(z)) = %s%s",
                    num(dReal), num(dFake), last, steps, num(meanReal), num(meanFake), hint);
        });
    }

    // ---------------------------------------------------------------- 05

    /** 05-fid-diagonal: the Frechet distance of two Gaussians with diagonal covariances. */
    public static void diagonalFid(ToDoubleBiFunction<GaussianStats, GaussianStats> fid) {
        check("05-fid-diagonal", () -> {
            GaussianStats a1 = diagonal(new double[] {0}, new double[] {1});
            GaussianStats b1 = diagonal(new double[] {0.5}, new double[] {4});
            GaussianStats a3 = diagonal(new double[] {0, 1, 2}, new double[] {1, 0.25, 4});
            GaussianStats b3 = diagonal(new double[] {1, 1, 0}, new double[] {4, 0.25, 1});
            GaussianStats[][] pairs = {{a1, b1}, {a3, b3}, {a3, a3}};
            for (GaussianStats[] pair : pairs) {
                double expected = FrechetDistance.between(pair[0], pair[1]);
                double meanTerm = 0;
                double withoutRoot = 0;
                for (int i = 0; i < pair[0].dim(); i++) {
                    double d = pair[0].mu()[i] - pair[1].mu()[i];
                    double v1 = pair[0].sigma()[i][i];
                    double v2 = pair[1].sigma()[i][i];
                    meanTerm += d * d;
                    withoutRoot += v1 + v2 - 2 * v1 * v2;
                }
                String where = "for " + describe(pair[0]) + " and " + describe(pair[1]);
                double got = ask(() -> fid.applyAsDouble(pair[0], pair[1]), where);
                if (!close(got, expected, 1e-9)) {
                    String hint = close(got, meanTerm, 1e-9)
                            ? ": the covariance term tr(S1 + S2 - 2 (S1 S2)^(1/2)) is missing"
                            : close(got, meanTerm + withoutRoot, 1e-9)
                                    ? ": (S1 S2)^(1/2) of diagonal matrices is the elementwise"
                                            + " square root of v1 v2"
                                    : close(got, Math.sqrt(meanTerm) + expected - meanTerm, 1e-9)
                                            ? ": the mean term is the squared distance"
                                            : "";
                    return wrong(
                            "%s your FID is %s, expected %s (mean term %s + covariance term"
                                    + " %s)%s",
                            where,
                            num(got),
                            num(expected),
                            num(meanTerm),
                            num(expected - meanTerm),
                            hint);
                }
            }
            return correct("your closed form agrees with FrechetDistance.between on 3 pairs: for"
                    + " diagonal covariances FID = sum_i (mu1_i - mu2_i)^2 + (sigma1_i -"
                    + " sigma2_i)^2, 0 for a set against itself");
        });
    }

    private static GaussianStats diagonal(double[] mu, double[] variances) {
        double[][] sigma = new double[mu.length][mu.length];
        for (int i = 0; i < mu.length; i++) {
            sigma[i][i] = variances[i];
        }
        return new GaussianStats(mu, sigma, 0);
    }

    private static String describe(GaussianStats s) {
        double[] v = new double[s.dim()];
        for (int i = 0; i < v.length; i++) {
            v[i] = s.sigma()[i][i];
        }
        return "N(mu = " + Arrays.toString(s.mu()) + ", variances " + Arrays.toString(v) + ")";
    }

    /** 05-inception-score: the Inception Score of class probabilities, in one split. */
    public static void inceptionScore(ToDoubleFunction<double[][]> score) {
        check("05-inception-score", () -> {
            double[][][] cases = {
                {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}},
                {{1, 0, 0, 0}, {1, 0, 0, 0}, {1, 0, 0, 0}, {1, 0, 0, 0}},
                {{0.25, 0.25, 0.25, 0.25}, {0.25, 0.25, 0.25, 0.25}, {0.25, 0.25, 0.25, 0.25}},
                {{1, 0, 0, 0}, {0.5, 0.5, 0, 0}, {0, 0, 0.5, 0.5}, {0.25, 0.25, 0.25, 0.25}}
            };
            List<String> values = new ArrayList<>();
            for (double[][] p : cases) {
                double expected = kitInceptionScore(p);
                String where = "for p(y|x) = " + Arrays.deepToString(p);
                double got = ask(() -> score.applyAsDouble(copy(p)), where);
                if (!close(got, expected, 1e-9)) {
                    String hint = Double.isNaN(got)
                            ? ": a probability of 0 gives 0 log 0; count those terms as 0 (their"
                                    + " limit)"
                            : close(got, Math.log(expected), 1e-9)
                                    ? ": IS is exp of the mean KL; you gave the KL itself"
                                    : "";
                    return wrong(
                            "%s your IS is %s, expected %s%s",
                            where, num(got), num(expected), hint);
                }
                values.add(num(expected));
            }
            return correct(
                    "IS = %s for confident, varied predictions over 4 classes (the most it can"
                            + " be), %s for one class only and %s for unsure predictions: it"
                            + " rewards confidence and variety together",
                    values.get(0), values.get(1), values.get(2));
        });
    }

    private static double kitInceptionScore(double[][] p) {
        int k = p[0].length;
        float[] values = new float[p.length * k];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < k; j++) {
                values[i * k + j] = (float) p[i][j];
            }
        }
        return InceptionScore.of(new Features(values, p.length, k), 1).mean();
    }

    // ---------------------------------------------------------------- 06

    /** 06-reverse-kl: the reverse KL of a mode histogram against the uniform one. */
    public static void reverseKl(ToDoubleFunction<int[]> kl) {
        check("06-reverse-kl", () -> {
            int[] partial = new int[25];
            for (int i = 0; i < partial.length; i++) {
                partial[i] = i % 3 == 1 ? 0 : 5 + (7 * i) % 23;
            }
            int[][] cases = {{10, 10, 10, 10}, {0, 0, 40, 0}, {5, 0, 15, 20}, partial};
            for (int[] counts : cases) {
                double expected = ModeScore.reverseKl(counts);
                String where = "for the counts " + Arrays.toString(counts);
                double got = ask(() -> kl.applyAsDouble(counts.clone()), where);
                if (!close(got, expected, 1e-9)) {
                    String hint = Double.isNaN(got)
                            ? ": an empty mode adds nothing (0 log 0 = 0), as in PacGAN's code"
                            : "";
                    return wrong(
                            "%s your reverse KL is %s, expected %s%s",
                            where, num(got), num(expected), hint);
                }
            }
            return correct(
                    "0 for an even spread, log 4 = %s when every point sits on one of 4 modes,"
                            + " %s for the grid with 17 of 25 modes covered: the reverse KL of the"
                            + " mode-collapse table",
                    num(Math.log(4)), num(ModeScore.reverseKl(partial)));
        });
    }

    /** 06-pacgan-shape: the shape PacGAN's discriminator sees for a batch packed m at a time. */
    public static void packedShape(BiFunction<Shape, Integer, Shape> packed) {
        check("06-pacgan-shape", () -> {
            Shape[] batches = {new Shape(64, 2), new Shape(64, 1, 28, 28), new Shape(60, 3, 32, 32)
            };
            int[] packs = {4, 2, 3};
            for (int i = 0; i < batches.length; i++) {
                Shape batch = batches[i];
                int m = packs[i];
                Shape expected = kitPackedShape(batch, m);
                String where = "for a batch " + batch + " packed " + m + " at a time";
                Shape got = askFor(() -> packed.apply(batch, m), where);
                if (got == null) {
                    return notYet("your function returns null " + where);
                }
                if (!got.equals(expected)) {
                    String hint = got.get(0) == batch.get(0) * m
                            ? ": m samples make one pack, so the batch shrinks by m"
                            : got.get(0) == expected.get(0) && got.get(1) == batch.get(1)
                                    ? ": the m samples of a pack lie side by side along the"
                                            + " channels (dimension 1)"
                                    : "";
                    return wrong(
                            "%s you gave %s; Packed hands its discriminator %s%s",
                            where, got, expected, hint);
                }
            }
            return correct("(64, 2) packed 4 at a time is (16, 8): D sees 16 decisions, each on 4"
                    + " points' coordinates side by side, so it can judge a batch's diversity");
        });
    }

    private static Shape kitPackedShape(Shape batch, int m) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Packed packed = new Packed(m, new LambdaBlock(x -> x, "identity"));
            packed.initialize(manager, DataType.FLOAT32, batch);
            NDList out = packed.forward(
                    new ParameterStore(manager, false), new NDList(manager.zeros(batch)), false);
            return out.singletonOrThrow().getShape();
        }
    }

    // ---------------------------------------------------------------- 07

    /** 07-conv-side: the output side of a convolution. */
    public static void convolutionSide(ConvSide side) {
        check("07-conv-side", () -> {
            int[][] cases = {
                {28, 3, 1, 1},
                {32, 4, 2, 1},
                {8, 4, 2, 1},
                {28, 5, 2, 2},
                {7, 3, 2, 0},
                {4, 4, 1, 0}
            };
            for (int[] c : cases) {
                long expected;
                try (NDManager m = NDManager.newBaseManager()) {
                    NDArray x = m.zeros(new Shape(1, 1, c[0], c[0]));
                    NDArray w = m.zeros(new Shape(1, 1, c[1], c[1]));
                    expected = Convolutions.conv2d(
                                    x, w, null, new Shape(c[2], c[2]), new Shape(c[3], c[3]))
                            .getShape()
                            .get(2);
                }
                String where = describe(c);
                long got = (long) ask(() -> side.side(c[0], c[1], c[2], c[3]), where);
                if (got != expected) {
                    long n = c[0];
                    long k = c[1];
                    long s = c[2];
                    long p = c[3];
                    String hint = got == (n + 2 * p - k) / s
                            ? ": count the first position of the window too (+1)"
                            : got == (n - k) / s + 1
                                    ? ": padding adds p rows on each side, n + 2p in all"
                                    : "";
                    return wrong(
                            "%s your side is %d, the convolution gives %d%s",
                            where, got, expected, hint);
                }
            }
            return correct("a 4x4 window with stride 2 and padding 1 halves the side (32 -> 16 ->"
                    + " 8 -> 4), as in DCGAN's discriminator; a 3x3 window with stride 1 and"
                    + " padding 1 keeps it");
        });
    }

    /** 07-transposed-side: the output side of a transposed convolution. */
    public static void transposedSide(ConvSide side) {
        check("07-transposed-side", () -> {
            int[][] cases = {
                {4, 4, 2, 1}, {8, 4, 2, 1}, {16, 4, 2, 1}, {1, 4, 1, 0}, {7, 3, 2, 1}, {14, 5, 2, 2}
            };
            for (int[] c : cases) {
                long expected;
                try (NDManager m = NDManager.newBaseManager()) {
                    NDArray x = m.zeros(new Shape(1, 1, c[0], c[0]));
                    NDArray w = m.zeros(new Shape(1, 1, c[1], c[1]));
                    expected = ConvTranspose2d.apply(x, w, null, c[2], c[3])
                            .getShape()
                            .get(2);
                }
                String where = describe(c);
                long got = (long) ask(() -> side.side(c[0], c[1], c[2], c[3]), where);
                if (got != expected) {
                    long conv = (c[0] + 2L * c[3] - c[1]) / c[2] + 1;
                    String hint = got == conv
                            ? ": that is the ordinary convolution's side; the transposed one maps"
                                    + " the other way"
                            : "";
                    return wrong(
                            "%s your side is %d, the transposed convolution gives %d%s",
                            where, got, expected, hint);
                }
            }
            return correct("4 -> 8 -> 16 -> 32 with 4x4 kernels, stride 2 and padding 1: how"
                    + " DCGAN's generator grows a 4x4 map into a 32x32 image");
        });
    }

    private static String describe(int[] c) {
        return String.format(
                Locale.ROOT,
                "for side %d, kernel %d, stride %d, padding %d",
                c[0],
                c[1],
                c[2],
                c[3]);
    }

    // ---------------------------------------------------------------- 08

    /** 08-agreement: the share of generated images the classifier gives the requested class. */
    public static void classAgreement(ToDoubleBiFunction<int[], float[][]> agreement) {
        check("08-agreement", () -> {
            int[][] requested = {{0, 1, 2, 3, 4}, {2, 2, 0, 1}};
            float[][][] probabilities = {
                {
                    {0.9f, 0.05f, 0.05f, 0, 0},
                    {0.6f, 0.3f, 0.1f, 0, 0},
                    {0, 0.1f, 0.5f, 0.4f, 0},
                    {0, 0, 0, 0.3f, 0.7f},
                    {0.1f, 0.1f, 0.1f, 0.1f, 0.6f}
                },
                {{0.2f, 0.3f, 0.5f}, {0.4f, 0.35f, 0.25f}, {0.34f, 0.33f, 0.33f}, {0.1f, 0.8f, 0.1f}
                }
            };
            for (int c = 0; c < requested.length; c++) {
                int[] r = requested[c];
                float[][] p = probabilities[c];
                double expected = ClassAgreement.of(r, features(p)).overall();
                double meanProbability = 0;
                for (int i = 0; i < r.length; i++) {
                    meanProbability += p[i][r[i]] / r.length;
                }
                String where = "for requested " + Arrays.toString(r) + " and probabilities "
                        + Arrays.deepToString(p);
                double got = ask(() -> agreement.applyAsDouble(r.clone(), copy(p)), where);
                if (!close(got, expected, 1e-9)) {
                    String hint = close(got, 100 * expected, 1e-9)
                            ? ": a share in [0, 1], not a percentage"
                            : close(got, meanProbability, 1e-6)
                                    ? ": count a hit when the requested class is the most probable"
                                            + " one (arg-max), not its probability"
                                    : "";
                    return wrong(
                            "%s your agreement is %s, expected %s%s",
                            where, num(got), num(expected), hint);
                }
            }
            return correct("your agreement equals ClassAgreement.of: a hit when the classifier's"
                    + " most probable class is the one asked for");
        });
    }

    /** 08-chance: the agreement of a generator that ignores its label and always draws a 1. */
    public static void chanceAgreement(double share) {
        check("08-chance", () -> {
            if (Double.isNaN(share)) {
                return notYet("the share is still NaN");
            }
            int perClass = 10;
            int[] requested = new int[10 * perClass];
            float[][] ones = new float[requested.length][10];
            for (int i = 0; i < requested.length; i++) {
                requested[i] = i / perClass;
                ones[i][1] = 1; // the classifier reads a 1 whatever was asked
            }
            double expected = ClassAgreement.of(requested, features(ones)).overall();
            if (Math.abs(share - expected) <= 1e-3) {
                return correct(
                        "%s: a generator that ignores its label agrees by chance only, 1 in 10,"
                                + " whatever it draws; a quick run is still near it, the"
                                + " documented 80-epoch run reached 96.5%%",
                        num(expected));
            }
            String hint = Math.abs(share - 100 * expected) <= 0.1
                    ? ": as a share, 10% is 0.1"
                    : Math.abs(share - 1) <= 1e-3
                            ? ": it draws a 1 for every request, but only the requests for a 1"
                                    + " agree"
                            : Math.abs(share) <= 1e-3 ? ": the requests for a 1 do agree" : "";
            return wrong("you gave %s, expected %s%s", num(share), num(expected), hint);
        });
    }

    private static Features features(float[][] rows) {
        int k = rows[0].length;
        float[] values = new float[rows.length * k];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, values, i * k, k);
        }
        return new Features(values, rows.length, k);
    }

    // ---------------------------------------------------------------- 09

    /** 09-critic-loss: the WGAN critic's loss from its scores on real and generated batches. */
    public static void criticLoss(ToDoubleBiFunction<double[], double[]> loss) {
        check("09-critic-loss", () -> {
            double[][][] cases = {
                {{1.5, 2.0, 0.5}, {-0.5, 0.0, 0.25}}, {{0.1, 0.1}, {0.1, 0.1}}, {{-1, -2}, {3, 1}}
            };
            for (double[][] c : cases) {
                double expected;
                try (NDManager m = NDManager.newBaseManager()) {
                    expected = Losses.wasserstein()
                            .discriminatorLoss(column(m, c[0]), column(m, c[1]))
                            .getDouble();
                }
                String where = "for real scores " + Arrays.toString(c[0]) + " and fake scores "
                        + Arrays.toString(c[1]);
                double got = ask(() -> loss.applyAsDouble(c[0].clone(), c[1].clone()), where);
                if (!close(got, expected, 1e-9)) {
                    String hint = close(got, -expected, 1e-9)
                            ? ": the sign; the critic maximises E[f(x)] - E[f(G(z))], so its loss"
                                    + " (what the optimiser minimises) is the negative"
                            : "";
                    return wrong(
                            "%s your loss is %s, expected %s%s",
                            where, num(got), num(expected), hint);
                }
            }
            return correct("the critic minimises E[f(G(z))] - E[f(x)]; minus its loss, d_real -"
                    + " d_fake, is the estimate of the Earth-Mover distance in the chart above");
        });
    }

    /** 09-gradient-penalty: lambda E[(||g|| - 1)^2] for given per-sample gradients, lambda = 10. */
    public static void gradientPenalty(ToDoubleFunction<double[][]> penalty) {
        check("09-gradient-penalty", () -> {
            double lambda = GradientPenalty.PAPER_LAMBDA;
            double[][][] cases = {
                {{0.6, 0.8}}, {{3, 4}, {0, 0}}, {{1, 1, 1, 1}, {0.5, 0.5, 0.5, 0.5}}
            };
            List<String> values = new ArrayList<>();
            for (double[][] g : cases) {
                double expected = kitPenalty(g);
                double squaredNorms = 0;
                double sum = 0;
                double unsquared = 0;
                for (double[] row : g) {
                    double n2 = Arrays.stream(row).map(v -> v * v).sum();
                    squaredNorms += (n2 - 1) * (n2 - 1);
                    sum += (Math.sqrt(n2) - 1) * (Math.sqrt(n2) - 1);
                    unsquared += Math.sqrt(n2) - 1;
                }
                squaredNorms *= lambda / g.length;
                sum *= lambda;
                unsquared *= lambda / g.length;
                String where = "for the gradients " + Arrays.deepToString(g);
                double got = ask(() -> penalty.applyAsDouble(copy(g)), where);
                if (!close(got, expected, 1e-5)) {
                    String hint = close(got, squaredNorms, 1e-5)
                            ? ": the norm ||g||_2 = sqrt(sum g^2), not its square"
                            : close(got, expected / lambda, 1e-5)
                                    ? ": times lambda = 10"
                                    : g.length > 1 && close(got, sum, 1e-5)
                                            ? ": a mean over the samples, not a sum"
                                            : close(got, unsquared, 1e-5)
                                                    ? ": square the difference ||g|| - 1"
                                                    : "";
                    return wrong(
                            "%s your penalty is %s, expected %s (GradientPenalty)%s",
                            where, num(got), num(expected), hint);
                }
                values.add(num(expected));
            }
            return correct(
                    "the penalty is %s when every gradient has length 1 and %s for lengths 5 and"
                            + " 0: it pulls the critic's slope toward 1 everywhere, where clipping"
                            + " only bounds the weights",
                    values.get(0), values.get(1));
        });
    }

    /**
     * The kit's penalty on a critic whose gradient is the given one: f(x) = |x|^2 / 2 has gradient x,
     * and with real = fake = g every interpolate is g itself.
     */
    private static double kitPenalty(double[][] g) {
        int n = g.length;
        int d = g[0].length;
        float[] flat = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                flat[i * d + j] = (float) g[i][j];
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(flat, new Shape(n, d));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                return new GradientPenalty(GradientPenalty.PAPER_LAMBDA)
                        .penalty(
                                v -> Scalars.times(v.square().sum(new int[] {1}, true), 0.5),
                                x,
                                x,
                                new SplittableRandom(1))
                        .getFloat();
            }
        }
    }

    /** 09-clipping-slope: the largest slope of a linear critic on 784 pixels clipped to 0.01. */
    public static void clippedSlope(double slope) {
        check("09-clipping-slope", () -> {
            if (Double.isNaN(slope)) {
                return notYet("the slope is still NaN");
            }
            double expected;
            try (NDManager m = NDManager.newBaseManager()) {
                Linear critic = Linear.builder().setUnits(1).build();
                critic.initialize(m, DataType.FLOAT32, new Shape(1, 784));
                float[] big = new float[784];
                for (int i = 0; i < big.length; i++) {
                    big[i] = i % 2 == 0 ? 5f : -5f; // far outside the bound: every weight clips
                }
                critic.getParameters().get("weight").getArray().set(big);
                WeightClipping.clip(critic, WeightClipping.PAPER_BOUND);
                NDArray w = critic.getParameters().get("weight").getArray();
                expected =
                        w.toType(DataType.FLOAT64, false).square().sum().sqrt().getDouble();
            }
            if (Math.abs(slope - expected) <= 5e-4) {
                return correct(
                        "|w|_2 <= 0.01 sqrt(784) = %s: a clipped critic's slope stays far below"
                                + " the 1 WGAN-GP asks for, one reason its scores stay tiny",
                        num(expected));
            }
            String hint = Math.abs(slope - 784 * WeightClipping.PAPER_BOUND) <= 5e-3
                    ? ": that bounds sum |w_i| (the L1 norm); the gradient's length is the L2"
                            + " norm sqrt(sum w_i^2)"
                    : Math.abs(slope - WeightClipping.PAPER_BOUND) <= 5e-5
                            ? ": that is one weight; all 784 can sit at +-0.01 together"
                            : Math.abs(slope - expected * expected) <= 5e-4
                                    ? ": that is the squared length; take its square root"
                                    : "";
            return wrong("you gave %s, expected %s%s", num(slope), num(expected), hint);
        });
    }

    // ---------------------------------------------------------------- 10

    /** 10-psnr: PSNR in dB of images whose mean squared error is {@code mse} on the 0-255 scale. */
    public static void psnr(DoubleUnaryOperator psnrOf) {
        check("10-psnr", () -> {
            int[][][] cases = {
                {{10, 20, 30, 0}, {13, 20, 30, 4}},
                {{255, 0, 0, 0}, {0, 0, 0, 0}},
                {{100, 101, 102, 103}, {101, 101, 102, 103}}
            };
            for (int[][] c : cases) {
                ImageSet a = grey(c[0]);
                ImageSet b = grey(c[1]);
                double mse = 0;
                for (int i = 0; i < c[0].length; i++) {
                    mse += (c[0][i] - c[1][i]) * (double) (c[0][i] - c[1][i]) / c[0].length;
                }
                double expected = TranslationScores.psnr(a, b);
                double m = mse;
                String where = "for an MSE of " + num(mse) + ":";
                double got = ask(() -> psnrOf.applyAsDouble(m), where);
                if (!close(got, expected, 1e-9)) {
                    String hint = close(got, 10 * Math.log10(255 / mse), 1e-9)
                            ? ": the peak is squared too, 10 log10(255^2 / MSE)"
                            : close(got, 10 * Math.log(255.0 * 255 / mse), 1e-9)
                                    ? ": decibels take log10, not the natural log"
                                    : "";
                    return wrong(
                            "%s you gave %s dB, expected %s%s",
                            where, num(got), num(expected), hint);
                }
            }
            return correct(
                    "PSNR = 10 log10(255^2 / MSE): every halving of the error adds 3 dB, and"
                            + " the same number ranks a blurry average above a sharp guess that is a pixel off");
        });
    }

    private static ImageSet grey(int[] pixels) {
        byte[] b = new byte[pixels.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) pixels[i];
        }
        return ImageSet.create("by hand", b, new int[1], 1, 1, pixels.length, List.of("any"));
    }

    /** 10-shuffle-shape: the output shape of a pixel shuffle by {@code r} of an {@code (N, C, H, W)} input. */
    public static void shuffleShape(BiFunction<Shape, Integer, Shape> shuffled) {
        check("10-shuffle-shape", () -> {
            Shape[] inputs = {new Shape(2, 16, 7, 7), new Shape(1, 12, 8, 8), new Shape(3, 64, 4, 5)
            };
            int[] factors = {4, 2, 2};
            for (int i = 0; i < inputs.length; i++) {
                Shape in = inputs[i];
                int r = factors[i];
                Shape expected;
                try (NDManager m = NDManager.newBaseManager()) {
                    expected = PixelShuffle.apply(m.zeros(in), r).getShape();
                }
                String where = "for " + in + " and r = " + r + ":";
                Shape got = askFor(() -> shuffled.apply(in, r), where);
                if (got == null) {
                    return notYet(
                            "the shape is still null: write new Shape(...) from the input's sizes and r");
                }
                if (!expected.equals(got)) {
                    String hint = got.dimension() == 4 && got.get(1) == in.get(1)
                            ? ": the r x r new pixels of each place come from r^2 channels, so the"
                                    + " channels divide by r^2"
                            : "";
                    return wrong("%s you gave %s, expected %s%s", where, got, expected, hint);
                }
            }
            return correct(
                    "(N, C r^2, H, W) -> (N, C, H r, W r): the network computes at the small"
                            + " size and only rearranges at the end, the sub-pixel convolution of Shi et al. 2016");
        });
    }

    // ---------------------------------------------------------------- 11

    /** 11-luma: the grey level of a colour, as the ITU-R 601 luma that colourisation's inputs use. */
    public static void luma(Luma luma) {
        check("11-luma", () -> {
            int[][] colours = {
                {255, 0, 0},
                {0, 255, 0},
                {0, 0, 255},
                {200, 120, 40},
                {17, 99, 230},
                {128, 128, 128}
            };
            for (int[] c : colours) {
                int expected = Greyscale.luma(c[0], c[1], c[2]);
                String where = "for (red, green, blue) = " + Arrays.toString(c) + ":";
                double got = ask(() -> luma.of(c[0], c[1], c[2]), where);
                if (Math.abs(got - expected) > 0.51) {
                    String hint = Math.abs(got - (c[0] + c[1] + c[2]) / 3.0) < 1e-9
                            ? ": equal weights; the eye is most sensitive to green, least to blue"
                                    + " (weights 0.299, 0.587, 0.114)"
                            : "";
                    return wrong(
                            "%s you gave %s, expected %s%s", where, num(got), num(expected), hint);
                }
            }
            return correct("L = 0.299 R + 0.587 G + 0.114 B: green carries most of the brightness,"
                    + " which is why grey CIFAR-10 images still show grass and sky apart");
        });
    }

    /** 11-cycle-loss: CycleGAN's cycle-consistency loss, mean |F(G(a)) - a|, of flattened images. */
    public static void cycleLoss(ToDoubleBiFunction<double[], double[]> cycle) {
        check("11-cycle-loss", () -> {
            double[][][] cases = {
                {{0.5, -0.5, 1.0, 0.0}, {0.25, -0.5, -1.0, 0.5}},
                {{1, 1}, {1, 1}},
                {{-1, 0.2, 0.3}, {0.9, 0.2, -0.3}}
            };
            for (double[][] c : cases) {
                double expected;
                try (NDManager m = NDManager.newBaseManager()) {
                    expected = CycleConsistency.cycle(m.create(c[0]), m.create(c[1]))
                            .getDouble();
                }
                String where = "for reconstructed " + Arrays.toString(c[0]) + " and original "
                        + Arrays.toString(c[1]) + ":";
                double got = ask(() -> cycle.applyAsDouble(c[0].clone(), c[1].clone()), where);
                if (!close(got, expected, 1e-9)) {
                    double squared = 0;
                    for (int i = 0; i < c[0].length; i++) {
                        squared += (c[0][i] - c[1][i]) * (c[0][i] - c[1][i]) / c[0].length;
                    }
                    String hint = close(got, squared, 1e-9)
                            ? ": that is the squared error; CycleGAN's cycle loss is L1, mean |x - y|"
                            : "";
                    return wrong(
                            "%s you gave %s, expected %s%s", where, num(got), num(expected), hint);
                }
            }
            return correct("mean |F(G(a)) - a|: the translation must keep enough of a to bring it"
                    + " back, which is what keeps a digit's label through A -> B -> A");
        });
    }

    // ---------------------------------------------------------------- 14

    /** 14-mean-sd: mean and sample sd of g_loss over the seeds of the cell loss=non-saturating. */
    public static void cellMeanAndSd(SweepResults results, double mean, double sd) {
        check("14-mean-sd", () -> {
            if (Double.isNaN(mean) || Double.isNaN(sd)) {
                return notYet("nsMean or nsSd is still NaN");
            }
            String cell = "loss=non-saturating";
            Table cells = results.cells();
            int row = cells.stringColumn("cell").indexOf(cell);
            if (row < 0) {
                throw new IllegalArgumentException("the sweep has no cell " + cell);
            }
            double expectedMean = cells.doubleColumn("g_loss_mean").getDouble(row);
            double expectedSd = cells.doubleColumn("g_loss_sd").getDouble(row);
            Table runs = results.runs();
            List<Double> values = new ArrayList<>();
            double allSum = 0;
            for (int i = 0; i < runs.rowCount(); i++) {
                double v = runs.doubleColumn("g_loss").getDouble(i);
                allSum += v;
                if (runs.stringColumn("cell").get(i).equals(cell)
                        && runs.stringColumn("outcome").get(i).equals("finished")) {
                    values.add(v);
                }
            }
            double population = Math.sqrt(values.stream()
                            .mapToDouble(v -> (v - expectedMean) * (v - expectedMean))
                            .sum()
                    / values.size());
            if (close(mean, expectedMean, 1e-9) && close(sd, expectedSd, 1e-9)) {
                return correct(
                        "over %d seeds g_loss = %s +- %s (sample sd): the numbers cells() gives for"
                                + " %s",
                        values.size(), num(expectedMean), num(expectedSd), cell);
            }
            String hint = !close(mean, expectedMean, 1e-9)
                    ? close(mean, allSum / runs.rowCount(), 1e-9)
                            ? ": that is the mean over every run; keep the runs of " + cell
                            : ""
                    : close(sd, population, 1e-9)
                            ? ": that is the population sd (dividing by n); the sample sd divides"
                                    + " by n - 1, as results.cells() does"
                            : "";
            return wrong(
                    "you gave mean %s, sd %s; the %d seeds of %s give mean %s, sd %s%s",
                    num(mean),
                    num(sd),
                    values.size(),
                    cell,
                    num(expectedMean),
                    num(expectedSd),
                    hint);
        });
    }

    /**
     * 14-failed-cells: the cells of a runs table (the learning rate x beta1 study) in which every
     * seed ended with D(G(z)) below {@link #FAILED_D_FAKE}: the discriminator won.
     */
    public static void failedCells(Table runs, List<String> answer) {
        check("14-failed-cells", () -> {
            if (answer == null) {
                return notYet("failedCells is still null: a list of the cells' names");
            }
            Map<String, Double> worst = new LinkedHashMap<>();
            for (int i = 0; i < runs.rowCount(); i++) {
                String cell = runs.stringColumn("cell").get(i);
                double fake = runs.numberColumn("d_fake").getDouble(i);
                worst.merge(cell, fake, Math::max);
            }
            List<String> expected = worst.entrySet().stream()
                    .filter(e -> e.getValue() < FAILED_D_FAKE)
                    .map(Map.Entry::getKey)
                    .toList();
            Set<String> given = new LinkedHashSet<>(answer);
            if (given.equals(new LinkedHashSet<>(expected))) {
                return correct(
                        "the discriminator won on every seed in %s: D(G(z)) ended near 0, so the"
                                + " generator got no useful signal",
                        expected);
            }
            List<String> problems = new ArrayList<>();
            for (String cell : expected) {
                if (!given.contains(cell)) {
                    problems.add(String.format(
                            Locale.ROOT,
                            "missing %s (every seed ended below %s, the highest at %s)",
                            cell,
                            num(FAILED_D_FAKE),
                            num(worst.get(cell))));
                }
            }
            for (String cell : given) {
                if (!worst.containsKey(cell)) {
                    problems.add("\"" + cell + "\" is not a cell of the table (names look like "
                            + worst.keySet().iterator().next() + ")");
                } else if (!expected.contains(cell)) {
                    problems.add(String.format(
                            Locale.ROOT,
                            "%s did not fail on every seed (one ended at D(G(z)) = %s)",
                            cell,
                            num(worst.get(cell))));
                }
            }
            return wrong("%s", String.join("; ", problems));
        });
    }

    // ---------------------------------------------------------------- plumbing

    private enum Kind {
        CORRECT("correct"),
        NOT_YET("not yet"),
        WRONG("not quite");

        final String word;

        Kind(String word) {
            this.word = word;
        }
    }

    private record Verdict(Kind kind, String text) {
        String line() {
            return kind.word + ": " + text;
        }
    }

    // ---------------------------------------------------------------- 12

    /**
     * 12-upsample: a row of pixels doubled bilinearly, as {@code Pyramid.up} doubles each axis of
     * an image (PyTorch's {@code interpolate(mode="bilinear", align_corners=False)}).
     */
    public static void upsample(UnaryOperator<double[]> up) {
        check("12-upsample", () -> {
            double[][] rows = {{0, 4}, {1, 2, 3, 10}, {5}, {-1, 1, -1}};
            for (double[] row : rows) {
                double[] expected = kitUpsampled(row);
                String where = "for the row " + Arrays.toString(row) + ":";
                double[] got = askFor(() -> up.apply(row.clone()), where);
                Verdict mismatch = mismatch(
                        where,
                        got,
                        expected,
                        1e-6,
                        "the row is still null: return a new double[2 * row.length]",
                        "each pixel becomes two",
                        first -> {
                            boolean nearest = true;
                            for (int j = 0; j < got.length; j++) {
                                nearest &= close(got[j], row[j / 2], 1e-9);
                            }
                            return nearest
                                    ? "that is nearest-neighbour; each new pixel takes 3/4 of the"
                                            + " pixel it lies in and 1/4 of the next one on its side"
                                    : "";
                        });
                if (mismatch != null) {
                    return mismatch;
                }
            }
            return correct("each new pixel is 3/4 of the pixel it lies in and 1/4 of its neighbour"
                    + " on that side, the border pixel repeated: LAPGAN's u(.) along one axis");
        });
    }

    /** {@code Pyramid.up} of a one-row image: row 0 of the doubled image. */
    private static double[] kitUpsampled(double[] row) {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] f = new float[row.length];
            for (int i = 0; i < row.length; i++) {
                f[i] = (float) row[i];
            }
            float[] up = Pyramid.up(m.create(f, new Shape(1, 1, 1, row.length)))
                    .get("0, 0, 0")
                    .toFloatArray();
            double[] out = new double[up.length];
            for (int i = 0; i < up.length; i++) {
                out[i] = up[i];
            }
            return out;
        }
    }

    /**
     * 12-pyramid-size: how many numbers a Laplacian pyramid of {@code levels} levels keeps per
     * channel of a {@code side x side} image (the coarsest image and every residual).
     */
    public static void pyramidSize(IntBinaryOperator numbers) {
        check("12-pyramid-size", () -> {
            int[][] cases = {{32, 3}, {28, 3}, {64, 4}, {16, 2}, {8, 1}};
            for (int[] c : cases) {
                int side = c[0];
                int levels = c[1];
                long expected;
                try (NDManager m = NDManager.newBaseManager()) {
                    expected = 0;
                    for (NDArray level :
                            Pyramid.laplacian(m.zeros(new Shape(1, 1, side, side)), levels)) {
                        expected += level.size();
                    }
                }
                String where = "for a " + side + "x" + side + " image and " + levels + " levels:";
                int got = (int) ask(() -> numbers.applyAsInt(side, levels), where);
                if (got != expected) {
                    long base = (long) (side >> (levels - 1)) * (side >> (levels - 1));
                    String hint = got == expected - base
                            ? ": the coarsest image is kept too"
                            : got == side * side
                                    ? ": that is the image; the pyramid keeps every level's"
                                            + " residual, each of its own size"
                                    : got == expected - (long) side * side
                                            ? ": the finest residual is as large as the image"
                                            : "";
                    return wrong("%s you gave %d, expected %d%s", where, got, expected, hint);
                }
            }
            return correct("a little more than the image (32x32, 3 levels: 64 + 256 + 1,024 ="
                    + " 1,344 of 1,024): LAPGAN trades a third more numbers for levels that are each"
                    + " easy to generate");
        });
    }

    /**
     * 13-demodulation: the demodulation coefficient of each output channel of a 1x1 modulated
     * convolution with weights {@code w[o][i]} for the style {@code s[i]}.
     */
    public static void demodulation(BiFunction<double[][], double[], double[]> demodulate) {
        check("13-demodulation", () -> {
            double[][][] weights = {
                {{1, 0}, {0, 2}},
                {{0.5, -1, 2}, {3, 0, -0.25}, {1, 1, 1}},
                {{2}}
            };
            double[][] styles = {{3, 4}, {1, -2, 0.5}, {0.1}};
            for (int c = 0; c < weights.length; c++) {
                double[][] w = weights[c];
                double[] st = styles[c];
                double[] expected = kitDemodulation(w, st);
                String where = "for w = " + Arrays.deepToString(w) + " and s = "
                        + Arrays.toString(st) + ":";
                double[] got = askFor(() -> demodulate.apply(copy(w), st.clone()), where);
                Verdict mismatch = mismatch(
                        where,
                        got,
                        expected,
                        1e-4,
                        "the result is still null: return one coefficient per output channel, a"
                                + " new double[w.length]",
                        "one per output channel (row of w)",
                        o -> {
                            double norm = 0;
                            double plain = 0;
                            for (int i = 0; i < st.length; i++) {
                                norm += Math.pow(w[o][i] * st[i], 2);
                                plain += w[o][i] * w[o][i];
                            }
                            if (close(got[o], norm, 1e-6)) {
                                return "that is the squared norm; the coefficient divides by its"
                                        + " square root";
                            }
                            if (close(got[o], 1 / Math.sqrt(plain), 1e-6)) {
                                return "the style scales each input channel first, w[o][i] * s[i]";
                            }
                            if (close(got[o], Math.sqrt(norm), 1e-6)) {
                                return "that is the norm; the coefficient is one over it";
                            }
                            return "";
                        });
                if (mismatch != null) {
                    return mismatch;
                }
            }
            return correct("each output channel is divided by the norm of its style-scaled kernel:"
                    + " whatever the style's size, a unit-variance input gives unit-variance"
                    + " outputs (StyleGAN2's replacement for adaptive instance norm)");
        });
    }

    /** {@code ModulatedConv.demodulation} of a 1x1 kernel {@code w[o][i]} and one style. */
    private static double[] kitDemodulation(double[][] w, double[] s) {
        try (NDManager m = NDManager.newBaseManager()) {
            double[] flat = Arrays.stream(w).flatMapToDouble(Arrays::stream).toArray();
            NDArray weight = m.create(flat, new Shape(w.length, s.length, 1, 1));
            NDArray style = m.create(s, new Shape(1, s.length));
            return ModulatedConv.demodulation(weight, style).toDoubleArray();
        }
    }

    /** The truncation trick of one style vector, for exercise 13-truncation. */
    @FunctionalInterface
    public interface Truncation {
        /** {@code w} truncated towards {@code mean} by {@code psi}. */
        double[] apply(double[] w, double[] mean, double psi);
    }

    /** 13-truncation: a style truncated towards the mean style by {@code psi}. */
    public static void truncation(Truncation truncate) {
        check("13-truncation", () -> {
            double[][] ws = {{2, -4}, {1, 1, 1}, {0.5}};
            double[][] means = {{0, 0}, {3, -1, 0}, {-0.5}};
            double[] psis = {0.5, 0, 0.7};
            for (int c = 0; c < ws.length; c++) {
                double[] w = ws[c];
                double[] mean = means[c];
                double psi = psis[c];
                double[] expected;
                try (NDManager m = NDManager.newBaseManager()) {
                    expected = StyleGan.truncate(
                                    m.create(w, new Shape(1, w.length)),
                                    m.create(mean, new Shape(1, mean.length)),
                                    psi)
                            .toDoubleArray();
                }
                String where = "for w = " + Arrays.toString(w) + ", mean " + Arrays.toString(mean)
                        + " and psi " + psi + ":";
                double[] got = askFor(() -> truncate.apply(w.clone(), mean.clone(), psi), where);
                Verdict mismatch = mismatch(
                        where,
                        got,
                        expected,
                        1e-6,
                        "the result is still null: return a new double[w.length]",
                        "one per entry of w",
                        first -> {
                            boolean scaled = true;
                            for (int j = 0; j < got.length; j++) {
                                scaled &= close(got[j], psi * w[j], 1e-6);
                            }
                            return scaled
                                    ? "psi scales the distance from the mean, not w itself"
                                    : "";
                        });
                if (mismatch != null) {
                    return mismatch;
                }
            }
            return correct("psi = 1 keeps the style, psi = 0 gives every sample the mean style; in"
                    + " between, samples are more typical and less varied");
        });
    }

    private static final class Mistake extends RuntimeException {
        Mistake(String message) {
            super(message);
        }
    }

    private static Verdict correct(String format, Object... args) {
        return new Verdict(Kind.CORRECT, String.format(Locale.ROOT, format, args));
    }

    private static Verdict notYet(String text) {
        return new Verdict(Kind.NOT_YET, text);
    }

    private static Verdict wrong(String format, Object... args) {
        return new Verdict(Kind.WRONG, String.format(Locale.ROOT, format, args));
    }

    /**
     * Prints the verdict; with the solutions filled in, anything but correct throws, so that the
     * notebook fails where the broken exercise is.
     */
    private static void check(String id, Supplier<Verdict> judge) {
        Verdict verdict;
        try {
            verdict = judge.get();
        } catch (NotDone e) {
            verdict = notYet(
                    "the function in the gap still returns Exercises.todo(); write its" + " body");
        } catch (Mistake e) {
            verdict = new Verdict(Kind.WRONG, e.getMessage());
        }
        System.out.println(verdict.line());
        if (verdict.kind() != Kind.CORRECT && solutionsMode()) {
            throw new AssertionError("exercise " + id + ": " + verdict.line());
        }
    }

    /** Calls the student's code; its own exceptions become a "not quite" naming the input. */
    private static double ask(DoubleSupplier call, String where) {
        try {
            return call.getAsDouble();
        } catch (NotDone e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Mistake(where + " your code threw " + e);
        }
    }

    private static <T> T askFor(Supplier<T> call, String where) {
        try {
            return call.get();
        } catch (NotDone e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Mistake(where + " your code threw " + e);
        }
    }

    /**
     * The verdict on a student's numbers that should equal the kit's, or null when they do. The
     * hint names the usual mistake given the index of the first wrong value ("" for none).
     */
    private static Verdict mismatch(
            String where,
            double[] got,
            double[] expected,
            double tolerance,
            String whenNull,
            String lengthRule,
            IntFunction<String> hint) {
        if (got == null) {
            return notYet(whenNull);
        }
        if (got.length != expected.length) {
            return wrong(
                    "%s you gave %d values, expected %d: %s",
                    where, got.length, expected.length, lengthRule);
        }
        for (int i = 0; i < got.length; i++) {
            if (!close(got[i], expected[i], tolerance)) {
                String why = hint.apply(i);
                return wrong(
                        "%s you gave %s, expected %s%s",
                        where,
                        Arrays.toString(got),
                        Arrays.toString(expected),
                        why.isEmpty() ? "" : ": " + why);
            }
        }
        return null;
    }

    /** Equal within {@code tolerance}, relative for large values and absolute near 0. */
    private static boolean close(double got, double expected, double tolerance) {
        return Math.abs(got - expected) <= tolerance * Math.max(1, Math.abs(expected));
    }

    /** Six significant digits without trailing zeros: 1.25, -1.38629, 1e-14. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        String exponent = e < 0 ? "" : s.substring(e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "");
            if (mantissa.endsWith(".")) {
                mantissa = mantissa.substring(0, mantissa.length() - 1);
            }
        }
        return mantissa + exponent;
    }

    private static NDArray column(NDManager m, double[] values) {
        return m.create(values).reshape(values.length, 1);
    }

    private static double[][] copy(double[][] rows) {
        return Arrays.stream(rows).map(double[]::clone).toArray(double[][]::new);
    }

    private static float[][] copy(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
        }
        return out;
    }
}
