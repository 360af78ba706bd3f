package io.gankit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's cluster command against a real standalone cluster: {@code ./gankit sweep FILE
 * --engine spark --master URL} on a master and two workers started here, beside the same sweep
 * run locally; one worker is killed while both are training.
 */
class SparkSweepIT {
    private static final Path ROOT =
            Path.of(System.getProperty("gankit.root", "..")).toAbsolutePath().normalize();
    private static final Path DATA =
            Path.of(System.getProperty("gankit.shared", "../../shared"), "data").toAbsolutePath();

    /** 2 losses x 2 seeds of the seed's MNIST GAN, 300 steps each, a checkpoint every 50. */
    private static final String EXPERIMENT = """
            {
              "name": "cluster-test",
              "base": {"dataset": "mnist", "model": "mlp", "epochs": 1, "maxSteps": 300,
                       "samples": 16, "checkpointEvery": 50},
              "grid": {"loss": ["non-saturating", "minimax"]},
              "seeds": 2
            }
            """;

    @Test
    void aSweepOnTwoWorkersEqualsTheLocalSweepAndLosesNoRunWhenAWorkerDies(@TempDir Path tmp)
            throws Exception {
        assertTrue(Files.isDirectory(DATA.resolve("mnist")), "MNIST expected in " + DATA);
        Path file = tmp.resolve("cluster-test.json");
        Files.writeString(file, EXPERIMENT);

        Path local = tmp.resolve("local");
        Process alone = gankit(
                tmp.resolve("local.log"), "sweep", file.toString(), "--out", local.toString());
        assertEquals(0, alone.waitFor(), "the local sweep failed; see " + tmp.resolve("local.log"));

        Path spark = tmp.resolve("spark");
        Path log = tmp.resolve("spark.log");
        try (StandaloneCluster cluster =
                new StandaloneCluster(ROOT, tmp.resolve("cluster"), 2, "2g")) {
            Process sweep = gankit(
                    log,
                    "sweep",
                    file.toString(),
                    "--engine",
                    "spark",
                    "--master",
                    cluster.url(),
                    "--out",
                    spark.toString());
            // Both workers train a run; once both runs have a checkpoint, worker 0 dies with its
            // executor.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (midRunsWithACheckpoint(spark) < 2) {
                if (!sweep.isAlive() || System.nanoTime() > deadline) {
                    fail("never saw two runs training at once with a checkpoint; see " + log);
                }
                Thread.sleep(200);
            }
            cluster.killWorker(0);
            assertTrue(sweep.waitFor(10, TimeUnit.MINUTES), "the sweep did not end; see " + log);
            assertEquals(0, sweep.exitValue(), "the cluster sweep failed; see " + log);
        }

        List<Path> runs = runFolders(local);
        assertEquals(4, runs.size(), "runs of the local sweep: " + runs);
        List<String> resumedFrom = new ArrayList<>();
        for (Path run : runs) {
            Path twin = spark.resolve(local.relativize(run));
            assertTrue(
                    Files.readString(twin.resolve("summary.json")).contains("\"finished\""),
                    twin + " did not finish");
            assertEquals(
                    withoutSeconds(run.resolve("history.csv")),
                    withoutSeconds(twin.resolve("history.csv")),
                    "the same seed and settings train the same run on the cluster: " + twin);
            Path resumes = twin.resolve("resumes.csv");
            if (Files.isRegularFile(resumes)) {
                List<String> rows = Files.readAllLines(resumes);
                resumedFrom.add(rows.get(rows.size() - 1).split(",")[0]);
            }
        }
        assertEquals(1, resumedFrom.size(), "one run was lost with the worker and resumed");
        assertTrue(
                Long.parseLong(resumedFrom.get(0)) >= 50,
                "the lost run resumed from its checkpoint, not from scratch: step " + resumedFrom);
        List<String> table = Files.readAllLines(spark.resolve("runs.csv"));
        assertEquals(5, table.size(), "runs.csv: a header and the four runs: " + table);
        assertEquals(
                4, table.stream().filter(r -> r.contains("finished")).count(), table.toString());
    }

    @Test
    void theModeCollapseBenchmarkOnTheClusterGivesTheLocalTable(@TempDir Path tmp)
            throws Exception {
        List<String> jobs =
                List.of("modes", "--quick", "--only", "ring", "--models", "GAN,PacGAN2");
        Path local = tmp.resolve("local.csv");
        List<String> alone = new ArrayList<>(jobs);
        alone.addAll(List.of("--out", local.toString()));
        assertEquals(
                0,
                gankit(tmp.resolve("local.log"), alone.toArray(String[]::new)).waitFor());
        Path spark = tmp.resolve("spark.csv");
        try (StandaloneCluster cluster =
                new StandaloneCluster(ROOT, tmp.resolve("cluster"), 2, "2g")) {
            List<String> onCluster = new ArrayList<>(jobs);
            onCluster.addAll(List.of(
                    "--engine", "spark", "--master", cluster.url(), "--out", spark.toString()));
            Process p = gankit(tmp.resolve("spark.log"), onCluster.toArray(String[]::new));
            assertTrue(p.waitFor(10, TimeUnit.MINUTES));
            assertEquals(0, p.exitValue(), "see " + tmp.resolve("spark.log"));
        }
        List<String> expected = withoutSecondsLines(tmp.resolve("local-runs.csv"));
        assertEquals(5, expected.size(), "a header and 2 models x 2 seeds: " + expected);
        assertEquals(
                expected,
                withoutSecondsLines(tmp.resolve("spark-runs.csv")),
                "each job's row (modes, high-quality share, reverse KL) is the local one");
    }

    /** Runs of {@code sweep} with a checkpoint and no summary yet: training now. */
    private static long midRunsWithACheckpoint(Path sweep) throws IOException {
        if (!Files.isDirectory(sweep)) {
            return 0;
        }
        return runFolders(sweep).stream()
                .filter(r -> !Files.exists(r.resolve("summary.json")))
                .filter(r -> {
                    try (Stream<Path> c = Files.list(r.resolve("checkpoints"))) {
                        return c.anyMatch(p -> p.getFileName().toString().startsWith("step-"));
                    } catch (IOException e) {
                        return false;
                    }
                })
                .count();
    }

    private static List<Path> runFolders(Path sweep) throws IOException {
        try (Stream<Path> files = Files.walk(sweep, 2)) {
            return files.filter(p -> p.getFileName().toString().startsWith("seed-"))
                    .sorted()
                    .toList();
        }
    }

    /** The history without its last column (the wall-clock seconds). */
    private static String withoutSeconds(Path history) throws IOException {
        return String.join("\n", withoutSecondsLines(history));
    }

    /** The lines of a CSV whose last column is wall-clock seconds, without it. */
    private static List<String> withoutSecondsLines(Path csv) throws IOException {
        return Files.readAllLines(csv).stream()
                .map(line -> line.substring(0, line.lastIndexOf(',')))
                .toList();
    }

    private static Process gankit(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("gankit").toString()));
        command.addAll(Arrays.asList(args));
        command.addAll(List.of("--data", DATA.toString()));
        ProcessBuilder b = new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        b.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return b.start();
    }
}
