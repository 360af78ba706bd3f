package io.gankit.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import io.gankit.Shard;
import io.gankit.TestPaths;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class AugmentationTest {
    private static Augmentation.Result result(int labels, long seed, double real, double realGan) {
        return new Augmentation.Result(
                "mnist", labels, seed, 5000, real, realGan, 0.5, 60 + seed, 100 + seed);
    }

    @Test
    void cellsAreTheMeanAndSampleSdOverSeedsByHand() {
        List<Augmentation.Result> runs = List.of(
                result(100, 1, 0.70, 0.74),
                result(100, 2, 0.72, 0.73),
                result(100, 3, 0.74, 0.80),
                result(1000, 1, 0.90, 0.91));
        Table cells = Augmentation.cellsTable(runs);
        assertEquals(2, cells.rowCount());
        assertEquals(100, cells.intColumn("labels").getInt(0));
        assertEquals(3, cells.intColumn("runs").getInt(0));
        // real: 0.70, 0.72, 0.74: mean 0.72, sd sqrt((0.02^2 + 0 + 0.02^2) / 2) = 0.02
        assertEquals(0.72, cells.doubleColumn("acc_real_mean").getDouble(0), 1e-12);
        assertEquals(0.02, cells.doubleColumn("acc_real_sd").getDouble(0), 1e-12);
        // real + cGAN: 0.74, 0.73, 0.80: mean 0.7566..., sd sqrt((0.0166^2 + 0.0266^2 +
        // 0.0433^2)/2)
        assertEquals(2.27 / 3, cells.doubleColumn("acc_real_gan_mean").getDouble(0), 1e-12);
        assertEquals(
                Math.sqrt(0.00286666667 / 2),
                cells.doubleColumn("acc_real_gan_sd").getDouble(0),
                1e-9);
        // the gain is the paired difference per seed: 0.04, 0.01, 0.06
        assertEquals(0.11 / 3, cells.doubleColumn("gain_mean").getDouble(0), 1e-12);
        double m = 0.11 / 3;
        double sd = Math.sqrt(
                ((0.04 - m) * (0.04 - m) + (0.01 - m) * (0.01 - m) + (0.06 - m) * (0.06 - m)) / 2);
        assertEquals(sd, cells.doubleColumn("gain_sd").getDouble(0), 1e-12);
        assertEquals(62, cells.doubleColumn("gan_seconds_mean").getDouble(0), 1e-12);
        // one seed: its value, sd 0
        assertEquals(1, cells.intColumn("runs").getInt(1));
        assertEquals(0.91, cells.doubleColumn("acc_real_gan_mean").getDouble(1), 1e-12);
        assertEquals(0, cells.doubleColumn("acc_real_gan_sd").getDouble(1));
        String text = Augmentation.summaryText(runs);
        assertTrue(text.contains("0.7200 +- 0.0200"), text);
        assertTrue(text.contains("0.0367 +- 0.0252"), text);
    }

    @Test
    void runsGoThroughTheirCsvAndBackInJobOrder(@TempDir Path tmp) throws Exception {
        Augmentation.Settings s = Augmentation.Settings.builder()
                .optLabels(List.of(100, 1000))
                .optSeeds(2)
                .build();
        List<Augmentation.Job> jobs = Augmentation.jobs(s);
        assertEquals(
                List.of(
                        new Augmentation.Job("mnist", 100, 1),
                        new Augmentation.Job("mnist", 100, 2),
                        new Augmentation.Job("mnist", 1000, 1),
                        new Augmentation.Job("mnist", 1000, 2)),
                jobs);
        // as two workers leave them: shard 0 has jobs 0 and 2, shard 1 jobs 1 and 3
        List<Augmentation.Result> merged = new ArrayList<>();
        merged.add(result(100, 1, 0.7, 0.8));
        merged.add(result(1000, 1, 0.9, 0.91));
        Path part = tmp.resolve("part.csv");
        Augmentation.writeRuns(
                List.of(result(100, 2, 0.71, 0.79), result(1000, 2, 0.1, 0.2)), part);
        merged.addAll(Augmentation.readRuns(part));
        List<Augmentation.Result> ordered = Augmentation.inJobOrder(jobs, merged);
        assertEquals(jobs, ordered.stream().map(Augmentation.Result::job).toList());
        assertEquals(
                result(100, 2, 0.71, 0.79), ordered.get(1), "a row read back is the row written");
        Augmentation.writeSummary(ordered, tmp);
        for (String f : List.of("runs.csv", "cells.csv", "accuracy.png")) {
            assertTrue(Files.size(tmp.resolve(f)) > 0, f);
        }
        assertTrue(
                Files.readString(tmp.resolve("cells.csv"))
                        .startsWith("dataset,labels,runs,acc_real_mean"),
                Files.readString(tmp.resolve("cells.csv")));
        Files.writeString(part, "not,a\nruns,file\n");
        BadInputException bad =
                assertThrows(BadInputException.class, () -> Augmentation.readRuns(part));
        assertTrue(bad.getMessage().contains("part.csv"), bad.getMessage());
    }

    @Test
    void settingsTheDataCannotServeAreRefusedByValue() {
        ImageSet mnist = Datasets.load(
                "mnist", Datasets.Split.TRAIN, DataFolder.of(TestPaths.data()).offline());
        BadInputException labels = assertThrows(
                BadInputException.class,
                () -> Augmentation.check(
                        Augmentation.Settings.builder()
                                .optLabels(List.of(100, 105))
                                .build(),
                        mnist.limit(5000)));
        assertTrue(
                labels.getMessage().contains("105 images; expected a positive multiple of the 10"),
                labels.getMessage());
        BadInputException tooMany = assertThrows(
                BadInputException.class,
                () -> Augmentation.check(
                        Augmentation.Settings.builder().optLabels(List.of(1000)).build(),
                        mnist.limit(500)));
        assertTrue(
                tooMany.getMessage().contains("a balanced sample of 1000 images takes 100"),
                tooMany.getMessage());
        BadInputException synthetic = assertThrows(
                BadInputException.class,
                () -> Augmentation.check(
                        Augmentation.Settings.builder().optSynthetic(1234).build(), mnist));
        assertTrue(
                synthetic
                        .getMessage()
                        .startsWith("synthetic images 1234; expected a multiple of the 10"),
                synthetic.getMessage());
        BadInputException dataset = assertThrows(
                BadInputException.class,
                () -> Augmentation.Settings.builder().setDataset("cifar10").build());
        assertTrue(dataset.getMessage().contains("'cifar10'"), dataset.getMessage());
        BadInputException negative = assertThrows(
                BadInputException.class,
                () -> Augmentation.Settings.builder()
                        .optLabels(List.of(100, -10))
                        .build());
        assertTrue(negative.getMessage().contains("[100, -10]"), negative.getMessage());
    }

    @Test
    void aTinyJobTrainsTheCganAndThreeClassifiers(@TempDir Path out) {
        Augmentation.Settings s = Augmentation.Settings.quickBuilder()
                .optLabels(List.of(20))
                .optSeeds(1)
                .optSynthetic(100)
                .optGanSteps(5)
                .optClassifierSteps(10)
                .optTestLimit(300)
                .build();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Augmentation.Result> results = new ArrayList<>();
        Augmentation.run(
                Augmentation.jobs(s),
                Shard.ALL,
                Set.of(),
                s,
                DataFolder.of(TestPaths.data()).offline(),
                out,
                new PrintStream(log, true, StandardCharsets.UTF_8),
                results::add);
        assertEquals(1, results.size());
        Augmentation.Result r = results.get(0);
        assertEquals(new Augmentation.Job("mnist", 20, 1), r.job());
        for (double a : new double[] {r.accuracyReal(), r.accuracyRealGan(), r.accuracyGan()}) {
            assertTrue(a >= 0 && a <= 1, "accuracy " + a);
        }
        // 10 steps on 20 digits already beat chance (0.1) on the test images
        assertTrue(r.accuracyReal() > 0.2, "real-only accuracy " + r.accuracyReal());
        assertTrue(r.ganSeconds() > 0 && r.classifierSeconds() > 0, r.toString());
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("[1/1] mnist, 20 labels, seed 1: real "), text);
        assertTrue(Files.isRegularFile(out.resolve("samples-20-labels.png")));
        assertTrue(Files.isRegularFile(out.resolve("labelled-20-labels.png")));
    }

    @Test
    void jobsMeasuredByAnEarlierStartAreNotTrainedAgain(@TempDir Path out) {
        Augmentation.Settings s = Augmentation.Settings.quickBuilder()
                .optLabels(List.of(20))
                .optSeeds(2)
                .optSynthetic(100)
                .optGanSteps(5)
                .optClassifierSteps(10)
                .optTestLimit(300)
                .build();
        List<Augmentation.Job> jobs = Augmentation.jobs(s);
        assertEquals(2, jobs.size());
        List<Augmentation.Result> results = new ArrayList<>();
        Augmentation.run(
                jobs,
                Shard.ALL,
                Set.of(jobs.get(0)),
                s,
                DataFolder.of(TestPaths.data()).offline(),
                out,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                results::add);
        assertEquals(
                List.of(jobs.get(1)),
                results.stream().map(Augmentation.Result::job).toList());
    }
}
