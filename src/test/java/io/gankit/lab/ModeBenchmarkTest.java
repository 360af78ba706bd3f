package io.gankit.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.gankit.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModeBenchmarkTest {
    static ModeBenchmark.Run run(
            String model, String publishedAs, long seed, int covered, double hq, double kl) {
        return new ModeBenchmark.Run(
                "grid", model, publishedAs, "mlp2d-s", seed, 10, 100, 50, 25, covered, hq, kl, 1.0);
    }

    @Test
    void summaryIsMeanAndSampleStdOverSeeds() {
        List<ModeBenchmark.Run> runs = List.of(
                run("GAN", "GAN", 1, 10, 0.5, 1.0),
                run("GAN", "GAN", 2, 14, 0.7, 0.5),
                run("GAN", "GAN", 3, 18, 0.9, Double.NaN),
                run("PacGAN4-100packs", "PacGAN4", 1, 25, 0.9, 0.1));
        List<ModeBenchmark.Summary> s = ModeBenchmark.summarise(runs);
        assertEquals(2, s.size());
        ModeBenchmark.Summary gan = s.get(0);
        assertEquals(3, gan.runs());
        assertEquals(14.0, gan.modesMean(), 1e-12);
        assertEquals(4.0, gan.modesStd(), 1e-12); // deviations -4, 0, 4: sqrt(32 / 2)
        assertEquals(0.7, gan.highQualityMean(), 1e-12);
        assertEquals(
                0.75,
                gan.reverseKlMean(),
                1e-12); // the NaN of a run with no high-quality sample is left out
        assertEquals(Math.sqrt(0.125), gan.reverseKlStd(), 1e-12);
        assertEquals(0.0, s.get(1).modesStd());
        String csv = ModeBenchmark.summaryCsv(s);
        // the grid GAN row carries VEEGAN's 3.3 modes and PacGAN's 17.3; the packed one PacGAN4's
        // 24.8
        assertTrue(
                csv.lines()
                        .skip(1)
                        .findFirst()
                        .orElseThrow()
                        .endsWith(",3.300,0.005000,,17.30,0.9480,0.7000"),
                csv);
        assertTrue(csv.contains("PacGAN4-100packs") && csv.contains(",24.80,0.9360,0.04000"), csv);
        assertTrue(
                ModeBenchmark.table(s).contains("PacGAN PacGAN4: 24.8 / 93.6 / 0.0400"),
                ModeBenchmark.table(s));
        assertEquals(5, ModeBenchmark.runsCsv(runs).lines().count());
        // the runs CSV reads back to the same runs (values to its 5 decimals), NaN included
        List<ModeBenchmark.Run> back =
                ModeBenchmark.parseRuns(ModeBenchmark.runsCsv(runs), "runs.csv");
        assertEquals(runs, back);
    }

    @Test
    void aMalformedRunsFileIsNamedWithItsLine() {
        String csv = ModeBenchmark.runsCsv(List.of(run("GAN", "GAN", 1, 10, 0.5, 1.0)))
                + "grid,GAN,GAN,mlp2d-s,x\n";
        var e = assertThrows(
                BadInputException.class, () -> ModeBenchmark.parseRuns(csv, "part.csv"));
        assertTrue(
                e.getMessage().startsWith("part.csv line 3: 'grid,GAN,GAN,mlp2d-s,x'"),
                e.getMessage());
        var header = assertThrows(
                BadInputException.class, () -> ModeBenchmark.parseRuns("a,b\n", "old.csv"));
        assertTrue(
                header.getMessage().contains("old.csv") && header.getMessage().contains("'a,b'"),
                header.getMessage());
    }

    @Test
    void wganGpTrainsTheGansNetworksWithFiveCriticStepsAStep() {
        ModeBenchmark.Settings tiny = new ModeBenchmark.Settings(3, 100, 1e-3, 0.5, 1, 64, 1, 1);
        ModeBenchmark.Model wgan = ModeBenchmark.find(ModeBenchmark.MIXTURE_MODELS, "WGAN-GP");
        assertEquals(5, wgan.objective().criticSteps());
        try (NDManager m = NDManager.newBaseManager()) {
            ModeBenchmark.Run r =
                    ModeBenchmark.runMixture(GaussianMixture.grid(), wgan, 1, tiny, m);
            ModeBenchmark.Run gan = ModeBenchmark.runMixture(
                    GaussianMixture.grid(), ModeBenchmark.MIXTURE_MODELS.get(0), 1, tiny, m);
            assertEquals(3, r.steps());
            assertEquals(gan.generatorParameters(), r.generatorParameters());
            assertEquals(gan.discriminatorParameters(), r.discriminatorParameters());
            assertEquals("", r.publishedAs());
            // no published counterpart: the table says so instead of listing unrelated rows
            assertTrue(PublishedResults.counterparts("grid", "").isEmpty());
            assertTrue(ModeBenchmark.table(ModeBenchmark.summarise(List.of(r)))
                    .lines()
                    .skip(1)
                    .findFirst()
                    .orElseThrow()
                    .endsWith("-"));
        }
    }

    @Test
    void aShortRunReportsItsBudget() {
        ModeBenchmark.Settings tiny = new ModeBenchmark.Settings(5, 100, 1e-3, 0.5, 1, 64, 1, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            ModeBenchmark.Run r = ModeBenchmark.runMixture(
                    GaussianMixture.ring(),
                    ModeBenchmark.find(ModeBenchmark.OPTIONAL_MIXTURE_MODELS, "PacGAN4-100packs"),
                    3,
                    tiny,
                    m);
            assertEquals(5, r.steps());
            assertEquals(8, r.modes());
            assertEquals("PacGAN4-100packs", r.model());
            assertEquals(31_202, r.generatorParameters());
            // first maxout layer reads 4 packed points: 8 x 250 + 250; two of 50 x 250 + 250; 50 +
            // 1
            assertEquals(8 * 250 + 250 + 2 * (50 * 250 + 250) + 51, r.discriminatorParameters());
            assertTrue(r.highQualityShare() >= 0 && r.highQualityShare() <= 1);
        }
    }
}
