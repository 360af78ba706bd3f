package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.GankitException;
import io.gankit.TestPaths;
import io.gankit.bench.ImageToImageBench;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * {@code ./gankit bench --image-to-image}: the PyTorch peer ({@code bench/peer_i2i.py}) builds the
 * same networks as the kit at train's teaching sizes (equal parameter counts, network by network),
 * a mismatch is refused before any timing, and a one-step run prints the table of the three
 * families. Nothing here is timed. Needs Python with torch (Debian: python3-torch).
 */
class BenchImageToImageTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    static List<ImageToImageBench.Family> families;

    @BeforeAll
    static void families() throws Exception {
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch")
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(
                0,
                p.waitFor(),
                PYTHON + " cannot import torch, which the PyTorch peer needs (Debian: apt-get"
                        + " install python3-torch libopenblas0-pthread): " + output);
        families = BenchCommand.imageToImageFamilies(TestPaths.dataFolder());
    }

    @Test
    void thePeerBuildsEachFamilysNetworksWithTheKitsParameterCounts() throws Exception {
        assertEquals(
                List.of("srgan", "pix2pix", "cyclegan"),
                families.stream().map(ImageToImageBench.Family::name).toList());
        for (ImageToImageBench.Family f : families) {
            var kit = ImageToImageBench.kitParameters(f);
            assertTrue(kit.values().stream().allMatch(n -> n > 0), f.name() + ": " + kit);
            assertEquals(kit, ImageToImageBench.peerParameters(PYTHON, f), f.name());
        }
    }

    @Test
    void thePeerBuildsLapganAndStyleganWithTheKitsParameterCounts() throws Exception {
        List<ImageToImageBench.Family> generators =
                BenchCommand.generatorFamilies(TestPaths.dataFolder());
        assertEquals(
                List.of("lapgan", "stylegan"),
                generators.stream().map(ImageToImageBench.Family::name).toList());
        for (ImageToImageBench.Family f : generators) {
            var kit = ImageToImageBench.kitParameters(f);
            assertEquals(kit, ImageToImageBench.peerParameters(PYTHON, f), f.name());
        }
        var style = ImageToImageBench.kitParameters(generators.get(1));
        assertTrue(style.get("synthesis") > 0 && style.get("mapping") > 0, style.toString());
        assertEquals(0L, style.get("synthesis-ema"), "the average is not trained");
        String usage = new BenchCommand().usage();
        assertTrue(usage.contains("--generators"), usage);
    }

    @Test
    void aPeerOfAnotherSizeIsRefusedBeforeAnyTiming() {
        ImageToImageBench.Family cyclegan = families.get(2);
        List<String> args = new ArrayList<>(cyclegan.peerArgs());
        int filters = args.indexOf("--g-filters") + 1;
        args.set(filters, "" + (Integer.parseInt(args.get(filters)) + 1));
        ImageToImageBench.Family wrong = new ImageToImageBench.Family(
                cyclegan.name(), cyclegan.config(), cyclegan.data(), cyclegan.game(), args);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GankitException e = assertThrows(
                GankitException.class,
                () -> new ImageToImageBench(
                                new ImageToImageBench.Settings(List.of(wrong), 1, 0, 1, PYTHON),
                                new PrintStream(out, true, StandardCharsets.UTF_8))
                        .run());
        assertTrue(e.getMessage().contains("is not the kit's model"), e.getMessage());
        assertTrue(!out.toString(StandardCharsets.UTF_8).contains("round 1"), out.toString());
    }

    @Test
    void aOneStepRunPrintsEachFamilyBesidePyTorchWithItsVersion() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Table t = new ImageToImageBench(
                        new ImageToImageBench.Settings(families, 1, 0, 1, PYTHON),
                        new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .run();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(
                List.of("srgan", "pix2pix", "cyclegan"),
                t.stringColumn("family").asList());
        for (String column : List.of("kit_ms", "pytorch_ms", "ratio")) {
            for (double v : t.doubleColumn(column).asDoubleArray()) {
                assertTrue(Double.isFinite(v) && v > 0, column + " " + v + "\n" + out);
            }
        }
        for (int i = 0; i < 3; i++) {
            assertTrue(t.stringColumn("pytorch").get(i).startsWith("pytorch "), out);
        }
        assertTrue(out.contains("the PyTorch peer's networks have the same parameter counts"), out);
        assertTrue(out.contains("old beside the kit's PyTorch"), out);
        for (String family : List.of("srgan", "pix2pix", "cyclegan")) {
            assertTrue(
                    out.lines().anyMatch(l -> l.startsWith(family + " ") && l.contains("x   ")),
                    out);
        }
    }

    @Test
    void benchHelpListsTheFlag() {
        String usage = new BenchCommand().usage();
        assertTrue(usage.contains("--image-to-image"), usage);
        assertTrue(usage.contains("bench/peer_i2i.py"), usage);
    }
}
