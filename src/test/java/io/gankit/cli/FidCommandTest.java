package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.metrics.Features;
import io.gankit.metrics.FrechetDistance;
import io.gankit.metrics.GaussianStats;
import io.gankit.metrics.NpyArray;
import io.gankit.metrics.Npz;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fid and stats verbs end to end on the stand-in detector and PNG files of its reference images. */
class FidCommandTest {
    static final int N = 60;
    @TempDir
    static Path tmp;
    static Path detector;
    static Map<String, NpyArray> reference;

    @BeforeAll
    static void writeImages() throws Exception {
        Path dir = TestPaths.require(TestPaths.shared().resolve("detector"));
        detector = dir.resolve("standin-detector.pt");
        reference = Npz.read(dir.resolve("standin-reference.npz"));
        for (String set : new String[] {"a", "b"}) {
            byte[] px = reference.get("images_" + set).toUint8();
            Path folder = Files.createDirectories(tmp.resolve(set));
            for (int i = 0; i < N; i++) {
                BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                int base = i * 3 * 1024;
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        int at = base + y * 32 + x;
                        img.setRGB(x, y, (px[at] & 0xff) << 16 | (px[at + 1024] & 0xff) << 8 | (px[at + 2048] & 0xff));
                    }
                }
                ImageIO.write(img, "png", folder.resolve(String.format("%04d.png", i)).toFile());
            }
        }
    }

    static String run(Command c, String... argv) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, "UTF-8"));
        try {
            assertEquals(0, c.run(Args.parse(argv, Main.switches(c))));
        } finally {
            System.setOut(old);
        }
        return out.toString("UTF-8");
    }

    @Test
    void statsFileAndFolderScoresMatchTheReferenceFeatures() throws Exception {
        Path stats = tmp.resolve("a-stats.npz");
        String printed = run(new StatsCommand(), tmp.resolve("a").toString(), "--out", stats.toString(),
                "--detector", detector.toString(), "--batch", "25");
        assertTrue(printed.contains("n = " + N) && printed.contains("standin-detector.pt"), printed);
        GaussianStats written = GaussianStats.read(stats);
        assertEquals(N, written.n());
        GaussianStats expectedStats = first(reference.get("features_a")).stats();
        for (int i = 0; i < 2048; i += 97) {
            assertEquals(expectedStats.mu()[i], written.mu()[i], 1e-4);
            assertEquals(expectedStats.sigma()[i][(i * 7) % 2048], written.sigma()[i][(i * 7) % 2048], 1e-4);
        }

        String json = run(new FidCommand(), tmp.resolve("a").toString(), tmp.resolve("b").toString(),
                "--detector", detector.toString(), "--kid", "--pr", "--seed", "3", "--json");
        JsonArray scores = JsonParser.parseString(json).getAsJsonArray();
        assertEquals(4, scores.size(), json);
        JsonObject fid = scores.get(0).getAsJsonObject();
        assertEquals("FID", fid.get("metric").getAsString());
        // 60 < 2048 samples: both this and the command take the sample-space route (fast, exact)
        double expected = FrechetDistance.between(first(reference.get("features_a")), first(reference.get("features_b")));
        assertEquals(expected, fid.get("value").getAsDouble(), 1e-4 * expected);
        JsonObject passport = fid.getAsJsonObject("passport");
        assertEquals(N, passport.get("n_real").getAsLong());
        assertEquals(N, passport.get("n_generated").getAsLong());
        assertEquals("3x32x32", passport.get("image_size").getAsString());
        assertEquals(64, passport.get("detector_sha256").getAsString().length());
        assertTrue(passport.get("sqrt_method").getAsString().startsWith("sample space"));
        assertTrue(passport.get("real_source").getAsString().contains("60 PNG files"));
        assertEquals(4, passport.getAsJsonArray("warnings").size(), "N < 2048 and N < 10000 on both sides");
        JsonObject kid = scores.get(1).getAsJsonObject();
        assertEquals("KID", kid.get("metric").getAsString());
        assertTrue(kid.has("std"));
        assertEquals(3, kid.getAsJsonObject("passport").get("seed").getAsLong());
        assertEquals("precision (k=3)", scores.get(2).getAsJsonObject().get("metric").getAsString());
        assertEquals("recall (k=3)", scores.get(3).getAsJsonObject().get("metric").getAsString());
    }

    static Features first(NpyArray features) {
        return new Features(Arrays.copyOf(Features.of(features).values(), N * 2048), N, 2048);
    }

    @Test
    void flagsAndBadInput() {
        Set<String> switches = Main.switches(new FidCommand());
        assertTrue(switches.contains("kid") && switches.contains("json") && switches.contains("pr"), switches.toString());
        assertFalse(switches.contains("detector") || switches.contains("n"), switches.toString());
        assertThrows(BadInputException.class, () -> run(new FidCommand(), tmp.resolve("a").toString()));
        BadInputException e = assertThrows(BadInputException.class, () -> run(new FidCommand(),
                tmp.resolve("nothing-here").toString(), tmp.resolve("a").toString(), "--detector", detector.toString()));
        assertTrue(e.getMessage().contains("nothing-here"), e.getMessage());
        assertThrows(BadInputException.class, () -> run(new StatsCommand(), tmp.resolve("a").toString()));
    }
}
