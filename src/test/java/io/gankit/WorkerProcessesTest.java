package io.gankit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Worker processes share one job list exactly: every job done once, by the worker whose shard owns it. */
class WorkerProcessesTest {
    /** A worker: {@code OUT SHARD JOB...}; writes its shard's jobs to its part file; a job "fail" makes it exit 1. */
    public static final class Worker {
        public static void main(String[] argv) throws IOException {
            Shard shard = Shard.parse(argv[1]);
            List<String> mine = shard.select(Arrays.asList(argv).subList(2, argv.length));
            Files.write(WorkerProcesses.partFile(Path.of(argv[0]), shard), mine);
            System.exit(mine.contains("fail") ? 1 : 0);
        }
    }

    private static List<Shard> run(int workers, Path out, List<String> jobs) throws Exception {
        return WorkerProcesses.run(workers, Worker.class.getName(), shard -> {
            List<String> argv = new ArrayList<>(List.of(out.toString(), shard.toString()));
            argv.addAll(jobs);
            return argv;
        });
    }

    @Test
    void everyJobIsDoneOnceByTheWorkerOfItsShard(@TempDir Path tmp) throws Exception {
        List<String> jobs = IntStream.range(0, 11).mapToObj(i -> "job-" + i).toList();
        Path out = tmp.resolve("results.csv");
        assertEquals(List.of(), run(3, out, jobs));
        Map<String, Integer> done = new HashMap<>();
        for (Shard shard : Shard.all(3)) {
            Path part = WorkerProcesses.partFile(out, shard);
            assertEquals(tmp.resolve(".results.csv.shard-" + shard.index() + "-of-3.csv"), part);
            List<String> lines = Files.readAllLines(part);
            assertEquals(shard.select(jobs), lines);
            lines.forEach(job -> done.merge(job, 1, Integer::sum));
        }
        assertEquals(jobs.size(), done.size(), "no job lost");
        done.forEach((job, times) -> assertEquals(1, times, job + " done once"));
    }

    @Test
    void theFailedWorkersAreNamed(@TempDir Path tmp) throws Exception {
        // jobs 0..5 in 2 shards: "fail" at index 3 belongs to shard 1/2
        List<String> jobs = List.of("a", "b", "c", "fail", "d", "e");
        assertEquals(List.of(new Shard(1, 2)), run(2, tmp.resolve("out.txt"), jobs));
        assertEquals(
                List.of("a", "c", "d"),
                Files.readAllLines(tmp.resolve(".out.txt.shard-0-of-2.txt")));
    }
}
