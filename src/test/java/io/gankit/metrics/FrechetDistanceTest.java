package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FrechetDistanceTest {
    static Path vectors() {
        return TestPaths.require(TestPaths.shared().resolve("fid-vectors"));
    }

    static Stream<JsonObject> cases() throws Exception {
        List<JsonObject> all = new ArrayList<>();
        for (String line : Files.readAllLines(vectors().resolve("expected.jsonl"))) {
            if (!line.isBlank()) {
                all.add(JsonParser.parseString(line).getAsJsonObject());
            }
        }
        assertEquals(7, all.size(), "expected.jsonl should hold the 7 documented cases");
        return all.stream();
    }

    static void assertClose(double expected, double actual, String what) {
        double tolerance = Math.max(1e-6, 1e-6 * Math.abs(expected));
        assertTrue(
                Math.abs(expected - actual) <= tolerance,
                what + ": expected " + expected + ", got " + actual + " (difference "
                        + (actual - expected) + ")");
    }

    static GaussianStats statsOf(Path npz, String name) {
        NpyArray a = Npz.read(npz, name);
        return GaussianStats.fromFeatures(a.toFloats(), a.shape()[0], a.shape()[1]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesScipyReferenceFromFeatures(JsonObject c) {
        String name = c.get("case").getAsString();
        Path file = vectors().resolve(name + ".npz");
        GaussianStats a = statsOf(file, "features_a");
        GaussianStats b = statsOf(file, "features_b");
        assertEquals(c.get("n_a").getAsInt(), a.n());
        assertEquals(c.get("dim").getAsInt(), a.dim());
        double fid = FrechetDistance.between(a, b);
        assertTrue(Double.isFinite(fid), name + " gave " + fid);
        assertClose(c.get("fid_scipy_sqrtm").getAsDouble(), fid, name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesScipyReferenceFromStatsFiles(JsonObject c) {
        String name = c.get("case").getAsString();
        if (!c.get("has_stats_files").getAsBoolean()) {
            assertFalse(Files.exists(vectors().resolve(name + "_stats_a.npz")));
            return;
        }
        GaussianStats a = GaussianStats.read(vectors().resolve(name + "_stats_a.npz"));
        GaussianStats b = GaussianStats.read(vectors().resolve(name + "_stats_b.npz"));
        assertEquals(0, a.n(), "pytorch-fid files do not record n");
        assertClose(
                c.get("fid_scipy_sqrtm").getAsDouble(),
                FrechetDistance.between(a, b),
                name + " (stats files)");
    }

    @Test
    void statsFilesMatchStatsFromFeatures() {
        GaussianStats fromFile = GaussianStats.read(vectors().resolve("relu_features_stats_a.npz"));
        GaussianStats computed = statsOf(vectors().resolve("relu_features.npz"), "features_a");
        for (int i = 0; i < computed.dim(); i++) {
            assertEquals(fromFile.mu()[i], computed.mu()[i], 1e-12);
            for (int j = 0; j < computed.dim(); j++) {
                assertEquals(
                        fromFile.sigma()[i][j],
                        computed.sigma()[i][j],
                        1e-10,
                        "sigma[" + i + "][" + j + "] (unbiased?)");
            }
        }
    }

    static double[][] randomFeatures(long seed, int n, int d, double shift) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = r.nextGaussian() * (1 + j % 3) + shift;
            }
        }
        return x;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sampleSpaceRouteFromFeaturesMatchesReference(JsonObject c) {
        String name = c.get("case").getAsString();
        Path file = vectors().resolve(name + ".npz");
        Features a = Features.of(Npz.read(file, "features_a"));
        Features b = Features.of(Npz.read(file, "features_b"));
        // only rank_deficient has n < d; the others go through the statistics route
        assertEquals(
                name.equals("rank_deficient"),
                FrechetDistance.method(a.n(), b.n(), a.dim())
                        .equals(FrechetDistance.SAMPLE_SPACE_METHOD));
        assertClose(
                c.get("fid_scipy_sqrtm").getAsDouble(),
                FrechetDistance.between(a, b),
                name + " (features)");
    }

    @Test
    void sampleSpaceAndEigenRoutesAgreeOnFewSamples() {
        Features a = ScoresTest.random(31, 30, 80, 0);
        Features b = ScoresTest.random(32, 45, 80, 0.2);
        double sampleSpace = FrechetDistance.between(a, b);
        double eigen = FrechetDistance.between(a.stats(), b.stats());
        // the eigen route carries rounding noise from the 50-dimensional null space (measured 3e-9)
        assertEquals(eigen, sampleSpace, 1e-8 * eigen);
    }

    @Test
    void distanceToItselfIsZeroEvenWhenSingular() {
        // 20 samples in 50 dimensions: rank-19 covariance
        GaussianStats s = GaussianStats.fromFeatures(randomFeatures(1, 20, 50, 0));
        assertEquals(0, FrechetDistance.between(s, s), 1e-10);
        GaussianStats full = GaussianStats.fromFeatures(randomFeatures(2, 400, 30, 0));
        assertEquals(0, FrechetDistance.between(full, full), 1e-9);
    }

    @Test
    void isSymmetric() {
        GaussianStats a = GaussianStats.fromFeatures(randomFeatures(3, 300, 40, 0));
        GaussianStats b = GaussianStats.fromFeatures(randomFeatures(4, 25, 40, 0.5));
        double ab = FrechetDistance.between(a, b);
        double ba = FrechetDistance.between(b, a);
        assertTrue(ab > 0);
        assertEquals(
                ab,
                ba,
                1e-12 * ab,
                "sample counts known: the smaller set's covariance is decomposed");
        // counts unknown (pytorch-fid files): the order matters only through rounding in b's null
        // space
        GaussianStats a0 = new GaussianStats(a.mu(), a.sigma(), 0);
        GaussianStats b0 = new GaussianStats(b.mu(), b.sigma(), 0);
        assertEquals(ab, FrechetDistance.between(a0, b0), 1e-7 * ab);
        assertEquals(ab, FrechetDistance.between(b0, a0), 1e-12 * ab);
    }

    @Test
    void oneDimensionalCaseIsClosedForm() {
        // d = 1: (m1 - m2)^2 + (s1 - s2)^2 with s the standard deviations
        GaussianStats a = new GaussianStats(new double[] {1}, new double[][] {{4}}, 0);
        GaussianStats b = new GaussianStats(new double[] {3}, new double[][] {{9}}, 0);
        assertEquals(4 + 1, FrechetDistance.between(a, b), 1e-12);
    }

    @Test
    void rejectsDifferentDimensions() {
        GaussianStats a = new GaussianStats(new double[2], new double[2][2], 0);
        GaussianStats b = new GaussianStats(new double[3], new double[3][3], 0);
        BadInputException e =
                assertThrows(BadInputException.class, () -> FrechetDistance.between(a, b));
        assertTrue(e.getMessage().contains("2 and 3"), e.getMessage());
    }

    @Test
    void writtenStatsReadBackExactly(@org.junit.jupiter.api.io.TempDir Path dir) {
        GaussianStats s = GaussianStats.fromFeatures(randomFeatures(5, 50, 7, 1));
        Path file = dir.resolve("s.npz");
        s.write(file);
        GaussianStats back = GaussianStats.read(file);
        assertEquals(50, back.n());
        for (int i = 0; i < 7; i++) {
            assertEquals(s.mu()[i], back.mu()[i], 0);
            for (int j = 0; j < 7; j++) {
                assertEquals(s.sigma()[i][j], back.sigma()[i][j], 0);
            }
        }
    }
}
