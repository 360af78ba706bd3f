package io.gankit.notebook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gankit.experiment.Experiment;
import io.gankit.experiment.SweepResults;
import io.gankit.metrics.GaussianStats;
import io.gankit.nn.Gan;
import io.gankit.nn.ModelSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Every check: a right answer passes, a wrong one fails naming the value given and the value
 * expected, an empty gap says "not yet". Tests run in solutions mode, where anything but correct
 * throws, except where they show the students' mode.
 */
class ExercisesTest {
    private static final double LOG4 = Math.log(4);

    @TempDir
    Path dir;

    @BeforeEach
    void solutionsMode() {
        System.setProperty(Exercises.SOLUTIONS, "1");
    }

    @AfterEach
    void studentsMode() {
        System.clearProperty(Exercises.SOLUTIONS);
    }

    /** What a passing check printed. */
    private static String passes(Executable check) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertDoesNotThrow(check);
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("correct: "), printed);
        return printed;
    }

    /** The message of a failing check, checked to name its exercise and to hold every part. */
    private static String fails(String id, Executable check, String... parts) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String message;
        try {
            message = assertThrows(AssertionError.class, check).getMessage();
        } finally {
            System.setOut(original);
        }
        assertTrue(message.startsWith("exercise " + id + ": "), message);
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
        }
        return message;
    }

    private static void notYet(String id, Executable check) {
        fails(id, check, "not yet: ");
    }

    @Test
    void theRegistryListsEachExerciseOnceInNotebookOrder() {
        assertEquals(Exercises.IDS.size(), Exercises.IDS.stream().distinct().count());
        List<String> sorted = new ArrayList<>(Exercises.IDS);
        sorted.sort((a, b) -> a.substring(0, 2).compareTo(b.substring(0, 2)));
        assertEquals(sorted, Exercises.IDS);
        for (String id : Exercises.IDS) {
            assertTrue(id.matches("\\d\\d-[a-z0-9-]+"), id);
        }
    }

    @Test
    void studentsSeeNotYetAndNotQuiteWithoutAnError() {
        System.clearProperty(Exercises.SOLUTIONS);
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertDoesNotThrow(() -> Exercises.valueAtEquilibrium(Double.NaN));
            assertDoesNotThrow(() -> Exercises.nonSaturatingLoss(d -> Exercises.todo()));
            assertDoesNotThrow(() -> Exercises.valueAtEquilibrium(1));
        } finally {
            System.setOut(original);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines[0].startsWith("not yet: "), lines[0]);
        assertTrue(lines[1].startsWith("not yet: "), lines[1]);
        assertTrue(lines[2].startsWith("not quite: you gave 1, expected -1.38629"), lines[2]);
        assertThrows(Exercises.NotDone.class, Exercises::todo);
    }

    @Test
    void solutionsModeFollowsThePropertyThenTheEnvironment() {
        assertTrue(Exercises.solutionsMode());
        System.setProperty(Exercises.SOLUTIONS, "0");
        assertTrue(!Exercises.solutionsMode());
        System.setProperty(Exercises.SOLUTIONS, "false");
        assertTrue(!Exercises.solutionsMode());
        assertTrue(Quick.VARIABLES.contains(Exercises.SOLUTIONS), "the kernel must copy it");
    }

    @Test
    void numbersAreShortAndExact() {
        assertEquals("1.25", Exercises.num(1.25));
        assertEquals("-1.38629", Exercises.num(-LOG4));
        assertEquals("1e-14", Exercises.num(1e-14));
        assertEquals("85", Exercises.num(85));
        assertEquals("Infinity", Exercises.num(Double.POSITIVE_INFINITY));
    }

    @Test
    void latentNoise() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = Gan.normal(m, new Shape(64, 100), new SplittableRandom(1));
            passes(() -> Exercises.latentNoise(z));
            fails(
                    "00-noise",
                    () -> Exercises.latentNoise(z.transpose()),
                    "(100, 64)",
                    "expected (64, 100)");
            fails(
                    "00-noise",
                    () -> Exercises.latentNoise(m.randomUniform(0, 1, new Shape(64, 100))),
                    "standard deviation 0.2",
                    "look uniform");
            notYet("00-noise", () -> Exercises.latentNoise(null));
        }
    }

    @Test
    void generatorOutputShape() {
        assertTrue(passes(() -> Exercises.generatorOutputShape(new Shape(10, 3, 32, 32)))
                .contains("NCHW"));
        fails(
                "01-output-shape",
                () -> Exercises.generatorOutputShape(new Shape(10, 32, 32, 3)),
                "(10, 32, 32, 3)",
                "(10, 3, 32, 32)",
                "another order");
        fails(
                "01-output-shape",
                () -> Exercises.generatorOutputShape(new Shape(3, 32, 32)),
                "one image");
        notYet("01-output-shape", () -> Exercises.generatorOutputShape(null));
    }

    @Test
    void layerParameters() {
        try (NDManager m = NDManager.newBaseManager();
                Gan gan = Gan.create(ModelSpec.seedMnist(), m, 1)) {
            assertTrue(passes(() -> Exercises.layerParameters((in, out) -> in * out + out, gan))
                    .contains("25,856 + 131,584 + 525,312 + 803,600 = 1,486,352"));
            fails(
                    "01-layer-parameters",
                    () -> Exercises.layerParameters((in, out) -> in * out, gan),
                    "100 -> 256",
                    "25,600",
                    "25,856",
                    "weights alone");
            fails(
                    "01-layer-parameters",
                    () -> Exercises.layerParameters((in, out) -> in * out + in, gan),
                    "not per input");
            fails(
                    "01-layer-parameters",
                    () -> Exercises.layerParameters((in, out) -> in / 0, gan),
                    "your code threw java.lang.ArithmeticException");
            notYet(
                    "01-layer-parameters",
                    () -> Exercises.layerParameters((in, out) -> Exercises.todo(), gan));
        }
    }

    private static double sigmoid(double l) {
        return 1 / (1 + Math.exp(-l));
    }

    private static double bce(double[] real, double[] fake) {
        return -Arrays.stream(real).map(l -> Math.log(sigmoid(l))).average().orElseThrow()
                - Arrays.stream(fake)
                        .map(l -> Math.log(1 - sigmoid(l)))
                        .average()
                        .orElseThrow();
    }

    @Test
    void discriminatorLoss() {
        assertTrue(
                passes(() -> Exercises.discriminatorLoss(ExercisesTest::bce)).contains("1.38629"));
        fails(
                "02-bce",
                () -> Exercises.discriminatorLoss((r, f) -> -bce(r, f)),
                "your loss gives -1.38629, expected 1.38629",
                "the sign");
        fails(
                "02-bce",
                () -> Exercises.discriminatorLoss((r, f) -> bce(r, f) / 2),
                "its own batch");
        notYet("02-bce", () -> Exercises.discriminatorLoss((r, f) -> Exercises.todo()));
    }

    @Test
    void minusLogD() {
        passes(() ->
                Exercises.minusLogD(l -> Math.max(-l, 0) + Math.log1p(Math.exp(-Math.abs(l)))));
        fails(
                "02-stable-log",
                () -> Exercises.minusLogD(l -> -Math.log(sigmoid(l))),
                "at l = -800 your -log D gives Infinity, expected 800",
                "overflows");
        fails(
                "02-stable-log",
                () -> Exercises.minusLogD(l -> Math.log(sigmoid(l))),
                "at l = -800 your -log D gives -Infinity");
        notYet("02-stable-log", () -> Exercises.minusLogD(l -> Exercises.todo()));
    }

    @Test
    void optimalDiscriminator() {
        assertTrue(passes(() -> Exercises.optimalDiscriminator((p, q) -> p / (p + q)))
                .contains("x = "));
        fails(
                "03-optimal-d",
                () -> Exercises.optimalDiscriminator((p, q) -> q / (p + q)),
                "at x = -8",
                "1 - D*");
        fails("03-optimal-d", () -> Exercises.optimalDiscriminator((p, q) -> 0.5), "expected");
        notYet("03-optimal-d", () -> Exercises.optimalDiscriminator((p, q) -> Exercises.todo()));
    }

    @Test
    void valueAtEquilibrium() {
        passes(() -> Exercises.valueAtEquilibrium(-LOG4));
        passes(() -> Exercises.valueAtEquilibrium(-1.386));
        fails(
                "03-equilibrium",
                () -> Exercises.valueAtEquilibrium(LOG4),
                "you gave 1.38629, expected -1.38629",
                "the sign");
        fails("03-equilibrium", () -> Exercises.valueAtEquilibrium(-Math.log(2)), "two terms");
        fails("03-equilibrium", () -> Exercises.valueAtEquilibrium(0.5), "D* itself");
        notYet("03-equilibrium", () -> Exercises.valueAtEquilibrium(Double.NaN));
    }

    @Test
    void nonSaturatingLoss() {
        passes(() -> Exercises.nonSaturatingLoss(d -> -Math.log(d)));
        fails(
                "03-nonsaturating",
                () -> Exercises.nonSaturatingLoss(d -> Math.log(1 - d)),
                "at D(G(z)) = 0.001",
                "expected 6.90776",
                "saturating");
        fails("03-nonsaturating", () -> Exercises.nonSaturatingLoss(d -> Math.log(d)), "the sign");
        fails(
                "03-nonsaturating",
                () -> Exercises.nonSaturatingLoss(d -> -Math.log(1 - d)),
                "D's loss");
        notYet("03-nonsaturating", () -> Exercises.nonSaturatingLoss(d -> Exercises.todo()));
    }

    @Test
    void lossesAtEquilibrium() {
        passes(() -> Exercises.lossesAtEquilibrium(2 * Math.log(2), Math.log(2)));
        passes(() -> Exercises.lossesAtEquilibrium(1.386, 0.693));
        fails(
                "04-equilibrium-losses",
                () -> Exercises.lossesAtEquilibrium(Math.log(2), Math.log(2)),
                "L_D: you gave 0.693147, expected 1.38629",
                "two terms");
        fails(
                "04-equilibrium-losses",
                () -> Exercises.lossesAtEquilibrium(LOG4, LOG4),
                "L_G: you gave 1.38629, expected 0.693147",
                "one term");
        notYet("04-equilibrium-losses", () -> Exercises.lossesAtEquilibrium(Double.NaN, 0.7));
    }

    @Test
    void lastEpochMeans() {
        // Two epochs of two steps: the last averages D(x) = 0.7, D(G(z)) = 0.3.
        Table h = Table.create(
                "history",
                LongColumn.create("step", 1, 2, 3, 4),
                IntColumn.create("epoch", 1, 1, 2, 2),
                DoubleColumn.create("d_real", 0.95, 0.95, 0.6, 0.8),
                DoubleColumn.create("d_fake", 0.1, 0.1, 0.2, 0.4));
        assertTrue(
                passes(() -> Exercises.lastEpochMeans(h, 0.7, 0.3)).contains("epoch 2 (2 steps)"));
        fails(
                "04-last-epoch",
                () -> Exercises.lastEpochMeans(h, 0.825, 0.2),
                "you gave D(x) = 0.825, D(G(z)) = 0.2",
                "averages D(x) = 0.7, D(G(z)) = 0.3",
                "whole run");
        fails("04-last-epoch", () -> Exercises.lastEpochMeans(h, 0.3, 0.7), "swapped");
        fails("04-last-epoch", () -> Exercises.lastEpochMeans(h, 0.8, 0.4), "last step alone");
        notYet("04-last-epoch", () -> Exercises.lastEpochMeans(h, Double.NaN, 0.3));
    }

    private static double diagonalFid(GaussianStats a, GaussianStats b) {
        double fid = 0;
        for (int i = 0; i < a.dim(); i++) {
            double d = a.mu()[i] - b.mu()[i];
            double s = Math.sqrt(a.sigma()[i][i]) - Math.sqrt(b.sigma()[i][i]);
            fid += d * d + s * s;
        }
        return fid;
    }

    @Test
    void diagonalFid() {
        passes(() -> Exercises.diagonalFid(ExercisesTest::diagonalFid));
        fails(
                "05-fid-diagonal",
                () -> Exercises.diagonalFid((a, b) -> {
                    double d = a.mu()[0] - b.mu()[0];
                    return d * d;
                }),
                "your FID is 0.25, expected 1.25 (mean term 0.25 + covariance term 1)",
                "covariance term");
        fails(
                "05-fid-diagonal",
                () -> Exercises.diagonalFid((a, b) -> {
                    double fid = 0;
                    for (int i = 0; i < a.dim(); i++) {
                        double d = a.mu()[i] - b.mu()[i];
                        double v1 = a.sigma()[i][i];
                        double v2 = b.sigma()[i][i];
                        fid += d * d + v1 + v2 - 2 * v1 * v2;
                    }
                    return fid;
                }),
                "elementwise square root");
        notYet("05-fid-diagonal", () -> Exercises.diagonalFid((a, b) -> Exercises.todo()));
    }

    private static double inceptionScore(double[][] p, boolean skipZeros) {
        int k = p[0].length;
        double[] marginal = new double[k];
        for (double[] row : p) {
            for (int j = 0; j < k; j++) {
                marginal[j] += row[j] / p.length;
            }
        }
        double kl = 0;
        for (double[] row : p) {
            for (int j = 0; j < k; j++) {
                if (row[j] > 0 || !skipZeros) {
                    kl += row[j] * Math.log(row[j] / marginal[j]) / p.length;
                }
            }
        }
        return Math.exp(kl);
    }

    @Test
    void inceptionScore() {
        assertTrue(passes(() -> Exercises.inceptionScore(p -> inceptionScore(p, true)))
                .contains("IS = 4 for confident"));
        fails(
                "05-inception-score",
                () -> Exercises.inceptionScore(p -> inceptionScore(p, false)),
                "your IS is NaN, expected 4",
                "0 log 0");
        fails(
                "05-inception-score",
                () -> Exercises.inceptionScore(p -> Math.log(inceptionScore(p, true))),
                "the KL itself");
        notYet("05-inception-score", () -> Exercises.inceptionScore(p -> Exercises.todo()));
    }

    private static double reverseKl(int[] counts, boolean skipEmpty) {
        double total = Arrays.stream(counts).sum();
        double kl = 0;
        for (int c : counts) {
            if (c > 0 || !skipEmpty) {
                kl += c / total * Math.log(c / total * counts.length);
            }
        }
        return kl;
    }

    @Test
    void reverseKl() {
        assertTrue(passes(() -> Exercises.reverseKl(c -> reverseKl(c, true)))
                .contains("log 4 = 1.38629"));
        fails(
                "06-reverse-kl",
                () -> Exercises.reverseKl(c -> reverseKl(c, false)),
                "for the counts [0, 0, 40, 0] your reverse KL is NaN, expected 1.38629",
                "0 log 0");
        fails("06-reverse-kl", () -> Exercises.reverseKl(c -> 0), "[0, 0, 40, 0]");
        notYet("06-reverse-kl", () -> Exercises.reverseKl(c -> Exercises.todo()));
    }

    private static Shape packed(Shape s, int m) {
        Shape out = new Shape(s.get(0) / m, s.get(1) * m);
        return out.addAll(s.slice(2));
    }

    @Test
    void packedShape() {
        passes(() -> Exercises.packedShape(ExercisesTest::packed));
        fails(
                "06-pacgan-shape",
                () -> Exercises.packedShape((s, m) -> new Shape(s.get(0) * m, s.get(1))),
                "for a batch (64, 2) packed 4 at a time you gave (256, 2); Packed hands its"
                        + " discriminator (16, 8)",
                "shrinks by m");
        fails(
                "06-pacgan-shape",
                () -> Exercises.packedShape((s, m) -> new Shape(s.get(0) / m, s.get(1), m)),
                "along the channels");
        notYet("06-pacgan-shape", () -> Exercises.packedShape((s, m) -> null));
        notYet("06-pacgan-shape", () -> Exercises.packedShape((s, m) -> Exercises.todo()));
    }

    @Test
    void convolutionSide() {
        passes(() -> Exercises.convolutionSide((n, k, s, p) -> (n + 2L * p - k) / s + 1));
        fails(
                "07-conv-side",
                () -> Exercises.convolutionSide((n, k, s, p) -> (n + 2L * p - k) / s),
                "for side 28, kernel 3, stride 1, padding 1 your side is 27, the convolution"
                        + " gives 28",
                "+1");
        fails(
                "07-conv-side",
                () -> Exercises.convolutionSide((n, k, s, p) -> (n - k) / s + 1),
                "n + 2p");
        notYet("07-conv-side", () -> Exercises.convolutionSide((n, k, s, p) -> Exercises.todo()));
    }

    @Test
    void transposedSide() {
        passes(() -> Exercises.transposedSide((n, k, s, p) -> (n - 1) * s - 2L * p + k));
        fails(
                "07-transposed-side",
                () -> Exercises.transposedSide((n, k, s, p) -> (n + 2L * p - k) / s + 1),
                "for side 4, kernel 4, stride 2, padding 1 your side is 2, the transposed"
                        + " convolution gives 8",
                "ordinary convolution");
        fails("07-transposed-side", () -> Exercises.transposedSide((n, k, s, p) -> n * s), "gives");
        notYet(
                "07-transposed-side",
                () -> Exercises.transposedSide((n, k, s, p) -> Exercises.todo()));
    }

    private static double agreement(int[] requested, float[][] p) {
        int hits = 0;
        for (int i = 0; i < requested.length; i++) {
            int best = 0;
            for (int j = 1; j < p[i].length; j++) {
                if (p[i][j] > p[i][best]) {
                    best = j;
                }
            }
            hits += best == requested[i] ? 1 : 0;
        }
        return (double) hits / requested.length;
    }

    @Test
    void classAgreement() {
        passes(() -> Exercises.classAgreement(ExercisesTest::agreement));
        fails(
                "08-agreement",
                () -> Exercises.classAgreement((r, p) -> 100 * agreement(r, p)),
                "your agreement is 60, expected 0.6",
                "percentage");
        fails(
                "08-agreement",
                () -> Exercises.classAgreement((r, p) -> IntStream.range(0, r.length)
                        .mapToDouble(i -> p[i][r[i]])
                        .average()
                        .orElseThrow()),
                "arg-max");
        notYet("08-agreement", () -> Exercises.classAgreement((r, p) -> Exercises.todo()));
    }

    @Test
    void chanceAgreement() {
        assertTrue(passes(() -> Exercises.chanceAgreement(0.1)).contains("96.5%"));
        fails("08-chance", () -> Exercises.chanceAgreement(10), "you gave 10, expected 0.1", "0.1");
        fails("08-chance", () -> Exercises.chanceAgreement(1), "only the requests for a 1");
        fails("08-chance", () -> Exercises.chanceAgreement(0), "do agree");
        notYet("08-chance", () -> Exercises.chanceAgreement(Double.NaN));
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    @Test
    void criticLoss() {
        passes(() -> Exercises.criticLoss((r, f) -> mean(f) - mean(r)));
        fails(
                "09-critic-loss",
                () -> Exercises.criticLoss((r, f) -> mean(r) - mean(f)),
                "your loss is 1.41667, expected -1.41667",
                "the sign");
        notYet("09-critic-loss", () -> Exercises.criticLoss((r, f) -> Exercises.todo()));
    }

    private static double penalty(double[][] g, boolean squareNorm, double lambda) {
        double sum = 0;
        for (double[] row : g) {
            double n2 = Arrays.stream(row).map(v -> v * v).sum();
            double n = squareNorm ? n2 : Math.sqrt(n2);
            sum += (n - 1) * (n - 1);
        }
        return lambda * sum / g.length;
    }

    @Test
    void gradientPenalty() {
        assertTrue(passes(() -> Exercises.gradientPenalty(g -> penalty(g, false, 10)))
                .contains("and 85 for lengths 5 and 0"));
        fails(
                "09-gradient-penalty",
                () -> Exercises.gradientPenalty(g -> penalty(g, true, 10)),
                "for the gradients [[3.0, 4.0], [0.0, 0.0]] your penalty is 2885, expected 85",
                "not its square");
        fails(
                "09-gradient-penalty",
                () -> Exercises.gradientPenalty(g -> penalty(g, false, 1)),
                "lambda = 10");
        fails(
                "09-gradient-penalty",
                () -> Exercises.gradientPenalty(g -> g.length * penalty(g, false, 10)),
                "not a sum");
        notYet("09-gradient-penalty", () -> Exercises.gradientPenalty(g -> Exercises.todo()));
    }

    @Test
    void clippedSlope() {
        passes(() -> Exercises.clippedSlope(0.01 * Math.sqrt(784)));
        passes(() -> Exercises.clippedSlope(0.28));
        fails(
                "09-clipping-slope",
                () -> Exercises.clippedSlope(7.84),
                "you gave 7.84, expected 0.28",
                "L1 norm");
        fails("09-clipping-slope", () -> Exercises.clippedSlope(0.01), "one weight");
        fails("09-clipping-slope", () -> Exercises.clippedSlope(0.0784), "square root");
        notYet("09-clipping-slope", () -> Exercises.clippedSlope(Double.NaN));
    }

    /** A sweep's folder as a finished sweep leaves it, with one history row per run. */
    private SweepResults sweep(double[] minimax, double[] nonSaturating) throws IOException {
        Path file = dir.resolve("loss.json");
        Files.writeString(
                file,
                "{\"name\": \"loss\", \"base\": {\"dataset\": \"mnist\", \"model\": \"mlp\"},"
                        + " \"grid\": {\"loss\": [\"minimax\", \"non-saturating\"]}, \"seeds\": 3}");
        Experiment e = Experiment.read(file);
        Path runs = dir.resolve("runs");
        int i = 0;
        for (Experiment.RunKey key : e.runs()) {
            double g = i < 3 ? minimax[i] : nonSaturating[i - 3];
            Path run = Files.createDirectories(key.folder(runs));
            Files.writeString(
                    run.resolve("history.csv"), "step,epoch,g_loss,seconds\n1,1," + g + ",0.5\n");
            Files.writeString(run.resolve("summary.json"), "{\"outcome\": \"finished\"}");
            i++;
        }
        return SweepResults.read(e, runs);
    }

    @Test
    void cellMeanAndSd() throws IOException {
        SweepResults results = sweep(new double[] {-0.5, -0.6, -0.7}, new double[] {1, 2, 3});
        assertTrue(passes(() -> Exercises.cellMeanAndSd(results, 2, 1))
                .contains("over 3 seeds g_loss = 2 +- 1"));
        fails(
                "14-mean-sd",
                () -> Exercises.cellMeanAndSd(results, 2, Math.sqrt(2.0 / 3)),
                "you gave mean 2, sd 0.816497; the 3 seeds of loss=non-saturating give mean 2, sd 1",
                "population sd");
        fails(
                "14-mean-sd",
                () -> Exercises.cellMeanAndSd(results, (1 + 2 + 3 - 1.8) / 6, 1),
                "every run");
        notYet("14-mean-sd", () -> Exercises.cellMeanAndSd(results, 2, Double.NaN));
    }

    @Test
    void failedCells() {
        Table runs = Table.create(
                "runs",
                StringColumn.create(
                        "cell", "lr=1e-3", "lr=1e-3", "lr=2e-4", "lr=2e-4", "lr=5e-5", "lr=5e-5"),
                DoubleColumn.create("d_fake", 0.001, 0.015, 0.3, 0.01, 0.4, 0.35));
        assertTrue(passes(() -> Exercises.failedCells(runs, List.of("lr=1e-3")))
                .contains("[lr=1e-3]"));
        fails(
                "14-failed-cells",
                () -> Exercises.failedCells(runs, List.of("lr=2e-4", "beta1=0")),
                "missing lr=1e-3 (every seed ended below 0.02, the highest at 0.015)",
                "lr=2e-4 did not fail on every seed (one ended at D(G(z)) = 0.3)",
                "\"beta1=0\" is not a cell of the table");
        notYet("14-failed-cells", () -> Exercises.failedCells(runs, null));
    }

    @Test
    void psnrAndTheShuffledShape() {
        passes(() -> Exercises.psnr(mse -> 10 * Math.log10(255.0 * 255.0 / mse)));
        fails(
                "10-psnr",
                () -> Exercises.psnr(mse -> 10 * Math.log10(255.0 / mse)),
                "the peak is squared");
        fails("10-psnr", () -> Exercises.psnr(mse -> 10 * Math.log(255.0 * 255.0 / mse)), "log10");
        notYet("10-psnr", () -> Exercises.psnr(mse -> Exercises.todo()));
        passes(() -> Exercises.shuffleShape(
                (s, r) -> new Shape(s.get(0), s.get(1) / (r * r), s.get(2) * r, s.get(3) * r)));
        fails(
                "10-shuffle-shape",
                () -> Exercises.shuffleShape(
                        (s, r) -> new Shape(s.get(0), s.get(1), s.get(2) * r, s.get(3) * r)),
                "(2, 1, 28, 28)",
                "divide by r^2");
        notYet("10-shuffle-shape", () -> Exercises.shuffleShape((s, r) -> null));
    }

    @Test
    void theUpsampledRowAndThePyramidsSize() {
        passes(() -> Exercises.upsample(row -> {
            int n = row.length;
            double[] out = new double[2 * n];
            for (int i = 0; i < n; i++) {
                out[2 * i] = 0.75 * row[i] + 0.25 * row[Math.max(i - 1, 0)];
                out[2 * i + 1] = 0.75 * row[i] + 0.25 * row[Math.min(i + 1, n - 1)];
            }
            return out;
        }));
        fails(
                "12-upsample",
                () -> Exercises.upsample(row -> {
                    double[] out = new double[2 * row.length];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = row[i / 2];
                    }
                    return out;
                }),
                "[0.0, 0.0, 4.0, 4.0]",
                "nearest-neighbour");
        fails("12-upsample", () -> Exercises.upsample(row -> row), "each pixel becomes two");
        notYet("12-upsample", () -> Exercises.upsample(row -> null));
        passes(() -> Exercises.pyramidSize((side, levels) -> {
            int sum = 0;
            for (int k = 0; k < levels; k++) {
                sum += (side >> k) * (side >> k);
            }
            return sum;
        }));
        fails(
                "12-pyramid-size",
                () -> Exercises.pyramidSize((side, levels) -> {
                    int sum = 0;
                    for (int k = 0; k < levels - 1; k++) {
                        sum += (side >> k) * (side >> k);
                    }
                    return sum;
                }),
                "gave 1280, expected 1344",
                "coarsest image is kept too");
        fails(
                "12-pyramid-size",
                () -> Exercises.pyramidSize((side, levels) -> side * side),
                "residual");
        notYet("12-pyramid-size", () -> Exercises.pyramidSize((side, levels) -> Exercises.todo()));
    }

    @Test
    void lumaAndTheCycleLoss() {
        passes(() -> Exercises.luma((r, g, b) -> 0.299 * r + 0.587 * g + 0.114 * b));
        fails(
                "11-luma",
                () -> Exercises.luma((r, g, b) -> (r + g + b) / 3.0),
                "most sensitive to green");
        notYet("11-luma", () -> Exercises.luma((r, g, b) -> Exercises.todo()));
        passes(() -> Exercises.cycleLoss((x, y) -> {
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                sum += Math.abs(x[i] - y[i]);
            }
            return sum / x.length;
        }));
        fails(
                "11-cycle-loss",
                () -> Exercises.cycleLoss((x, y) -> {
                    double sum = 0;
                    for (int i = 0; i < x.length; i++) {
                        sum += (x[i] - y[i]) * (x[i] - y[i]);
                    }
                    return sum / x.length;
                }),
                "squared error");
    }
}
