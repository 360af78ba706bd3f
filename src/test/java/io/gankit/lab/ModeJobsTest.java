package io.gankit.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import io.gankit.Shard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModeJobsTest {
    @Test
    void jobsComeInTableOrderWithOptionalModelsOnlyWhenNamed() {
        List<ModeJobs.Job> all = ModeJobs.list(ModeJobs.DATA, null, 2);
        // 5 default 2-D models on 2 mixtures and 2 stacked models, 2 seeds each
        assertEquals((5 * 2 + 2) * 2, all.size());
        assertEquals("ring/GAN/1", all.get(0).key());
        assertEquals("ring/GAN/2", all.get(1).key());
        assertEquals("grid/GAN/1", all.get(10).key());
        assertEquals("stacked-mnist/PacDCGAN2/2", all.get(all.size() - 1).key());
        assertTrue(all.stream().noneMatch(j -> j.model().name().equals("PacGAN4-100packs")));

        List<ModeJobs.Job> named =
                ModeJobs.list(List.of("grid"), List.of("PacGAN4-100packs", "GAN"), 1);
        assertEquals(
                List.of("grid/GAN/1", "grid/PacGAN4-100packs/1"),
                named.stream().map(ModeJobs.Job::key).toList());
    }

    @Test
    void anUnknownModelIsNamedWithTheKnownOnes() {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> ModeJobs.list(List.of("ring"), List.of("GAN", "PacGAN9"), 1));
        assertTrue(
                e.getMessage().contains("PacGAN9") && e.getMessage().contains("WGAN-GP"),
                e.getMessage());
        // a stacked-MNIST model asked for on the ring alone matches no job either
        BadInputException stacked = assertThrows(
                BadInputException.class, () -> ModeJobs.list(List.of("ring"), List.of("DCGAN"), 1));
        assertTrue(
                stacked.getMessage().contains("'DCGAN' does not run on ring"),
                stacked.getMessage());
        assertThrows(BadInputException.class, () -> ModeJobs.list(List.of("rings"), null, 1));
        assertTrue(ModeJobs.knownModels()
                .containsAll(List.of("GAN", "PacGAN4-100packs", "DCGAN", "MLP-GAN")));
    }

    @Test
    void shardsSplitTheJobListExactlyAndTheirRunsMergeBackInTableOrder() {
        List<ModeJobs.Job> jobs = ModeJobs.list(ModeJobs.DATA, null, 3);
        for (int workers = 1; workers <= 5; workers++) {
            Set<String> done = new HashSet<>();
            List<ModeBenchmark.Run> runs = new ArrayList<>();
            for (Shard shard : Shard.all(workers)) {
                for (ModeJobs.Job job : shard.select(jobs)) {
                    assertTrue(done.add(job.key()), job.key() + " done twice");
                    runs.add(0, run(job)); // the workers' rows arrive in any order
                }
            }
            assertEquals(jobs.size(), done.size(), "no job lost with " + workers + " workers");
            List<String> merged = ModeJobs.inJobOrder(jobs, runs).stream()
                    .map(ModeJobs.Job::key)
                    .toList();
            assertEquals(jobs.stream().map(ModeJobs.Job::key).toList(), merged);
        }
    }

    @Test
    void perRunRowsGoBesideTheSummary() {
        assertEquals(
                Path.of("results", "modes-runs.csv"),
                ModeJobs.runsFile(Path.of("results", "modes.csv")));
        assertEquals(Path.of("table-runs"), ModeJobs.runsFile(Path.of("table")));
    }

    private static ModeBenchmark.Run run(ModeJobs.Job job) {
        return new ModeBenchmark.Run(
                job.data(),
                job.model().name(),
                job.model().publishedAs(),
                job.model().architecture(),
                job.seed(),
                1,
                1,
                1,
                8,
                8,
                1,
                0,
                0);
    }
}
