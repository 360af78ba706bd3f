package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.ImageSet;
import io.gankit.metrics.Features;
import io.gankit.metrics.FrechetDistance;
import io.gankit.metrics.GaussianStats;
import io.gankit.metrics.GeneratorSource;
import io.gankit.metrics.NpyArray;
import io.gankit.metrics.Npz;
import io.gankit.metrics.Quantization;
import io.gankit.nn.Gan;
import io.gankit.train.Run;
import io.gankit.train.TrainConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
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
                        img.setRGB(
                                x,
                                y,
                                (px[at] & 0xff) << 16
                                        | (px[at + 1024] & 0xff) << 8
                                        | (px[at + 2048] & 0xff));
                    }
                }
                ImageIO.write(
                        img, "png", folder.resolve(String.format("%04d.png", i)).toFile());
            }
        }
    }

    static String run(Command c, String... argv) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, "UTF-8"));
        try {
            assertEquals(0, c.run(c.flags().parse(argv)));
        } finally {
            System.setOut(old);
        }
        return out.toString("UTF-8");
    }

    @Test
    void statsFileAndFolderScoresMatchTheReferenceFeatures() throws Exception {
        Path stats = tmp.resolve("a-stats.npz");
        String printed = run(
                new StatsCommand(),
                tmp.resolve("a").toString(),
                "--out",
                stats.toString(),
                "--detector",
                detector.toString(),
                "--batch",
                "25");
        assertTrue(
                printed.contains("n = " + N) && printed.contains("standin-detector.pt"), printed);
        GaussianStats written = GaussianStats.read(stats);
        assertEquals(N, written.n());
        GaussianStats expectedStats = first(reference.get("features_a")).stats();
        for (int i = 0; i < 2048; i += 97) {
            assertEquals(expectedStats.mu()[i], written.mu()[i], 1e-4);
            assertEquals(
                    expectedStats.sigma()[i][(i * 7) % 2048],
                    written.sigma()[i][(i * 7) % 2048],
                    1e-4);
        }

        String json = run(
                new FidCommand(),
                tmp.resolve("a").toString(),
                tmp.resolve("b").toString(),
                "--detector",
                detector.toString(),
                "--kid",
                "--pr",
                "--seed",
                "3",
                "--json");
        JsonArray scores = JsonParser.parseString(json).getAsJsonArray();
        assertEquals(4, scores.size(), json);
        JsonObject fid = scores.get(0).getAsJsonObject();
        assertEquals("FID", fid.get("metric").getAsString());
        // 60 < 2048 samples: both this and the command take the sample-space route (fast, exact)
        double expected = FrechetDistance.between(
                first(reference.get("features_a")), first(reference.get("features_b")));
        assertEquals(expected, fid.get("value").getAsDouble(), 1e-4 * expected);
        JsonObject passport = fid.getAsJsonObject("passport");
        assertEquals(N, passport.get("n_real").getAsLong());
        assertEquals(N, passport.get("n_generated").getAsLong());
        assertEquals("3x32x32", passport.get("image_size").getAsString());
        assertEquals(64, passport.get("detector_sha256").getAsString().length());
        assertTrue(passport.get("sqrt_method").getAsString().startsWith("sample space"));
        assertTrue(passport.get("real_source").getAsString().contains("60 PNG files"));
        assertEquals(
                4,
                passport.getAsJsonArray("warnings").size(),
                "N < 2048 and N < 10000 on both sides");
        JsonObject kid = scores.get(1).getAsJsonObject();
        assertEquals("KID", kid.get("metric").getAsString());
        assertTrue(kid.has("std"));
        assertEquals(3, kid.getAsJsonObject("passport").get("seed").getAsLong());
        assertEquals(
                "precision (k=3)", scores.get(2).getAsJsonObject().get("metric").getAsString());
        assertEquals(
                "recall (k=3)", scores.get(3).getAsJsonObject().get("metric").getAsString());
    }

    @Test
    void aRunFolderIsScoredThroughItsGenerator() throws Exception {
        Path runDir = tmp.resolve("run");
        ImageSet mnist = TestPaths.mnist(256);
        TrainConfig config = TrainConfig.builder()
                .optBatchSize(64)
                .optEpochs(1)
                .optMaxSteps(3)
                .optSeed(5)
                .build();
        try (NDManager m = NDManager.newBaseManager();
                Run run = Run.start(runDir, config, mnist, m)) {
            run.train();
        }
        String[] common = {
            tmp.resolve("a").toString(),
            runDir.toString(),
            "--detector",
            detector.toString(),
            "--n",
            "40",
            "--json"
        };
        JsonObject fid = score(common, "--seed", "3");
        JsonObject passport = fid.getAsJsonObject("passport");
        assertEquals(40, passport.get("n_real").getAsLong(), "--n applies to both sides");
        assertEquals(40, passport.get("n_generated").getAsLong());
        assertTrue(
                passport.get("generated_source")
                        .getAsString()
                        .startsWith("40 images from the generator of run "),
                passport.toString());
        assertEquals(
                "real 3x32x32, generated 1x28x28", passport.get("image_size").getAsString());
        assertTrue(passport.get("quantisation").getAsString().contains("floor(x * 127.5 + 128)"));
        // the noise seed decides the images: the same seed scores the same, another seed
        // differently
        double value = fid.get("value").getAsDouble();
        assertTrue(value > 0);
        assertEquals(value, score(common, "--seed", "3").get("value").getAsDouble(), 0);
        assertTrue(value != score(common, "--seed", "4").get("value").getAsDouble());

        // what the detector saw: the generator's inference-mode output, quantised as a PNG would be
        try (NDManager m = NDManager.newBaseManager();
                Gan gan = Run.loadGan(runDir, m)) {
            GeneratorSource source = new GeneratorSource(gan, 9, "run");
            NDArray images = source.next(m, 6);
            assertEquals(new Shape(6, 1, 28, 28), images.getShape());
            assertEquals(DataType.UINT8, images.getDataType());
            NDArray expected = Quantization.fromSigned(
                    gan.generate(gan.latent(m, 6, new SplittableRandom(9)), false));
            assertArrayEquals(expected.toUint8Array(), images.toUint8Array());
            assertEquals(-1, source.size());
        }
    }

    static JsonObject score(String[] common, String... more) throws Exception {
        String[] argv = Arrays.copyOf(common, common.length + more.length);
        System.arraycopy(more, 0, argv, common.length, more.length);
        return JsonParser.parseString(run(new FidCommand(), argv))
                .getAsJsonArray()
                .get(0)
                .getAsJsonObject();
    }

    static Features first(NpyArray features) {
        return new Features(Arrays.copyOf(Features.of(features).values(), N * 2048), N, 2048);
    }

    @Test
    void flagsAndBadInput() {
        Flags flags = new FidCommand().flags();
        assertTrue(flags.named("kid").isSwitch()
                && flags.named("json").isSwitch()
                && flags.named("pr").isSwitch());
        assertFalse(flags.named("detector").isSwitch() || flags.named("n").isSwitch());
        BadInputException one = assertThrows(
                BadInputException.class,
                () -> run(new FidCommand(), tmp.resolve("a").toString()));
        assertTrue(one.getMessage().contains("expected 2: REAL GENERATED"), one.getMessage());
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> run(
                        new FidCommand(),
                        tmp.resolve("nothing-here").toString(),
                        tmp.resolve("a").toString(),
                        "--detector",
                        detector.toString()));
        assertTrue(e.getMessage().contains("nothing-here"), e.getMessage());
        assertThrows(
                BadInputException.class,
                () -> run(new StatsCommand(), tmp.resolve("a").toString()));
    }
}
