package io.gankit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardTest {
    @Test
    void theShardsOfAListSplitItExactly() {
        for (int size = 0; size <= 25; size++) {
            List<Integer> jobs = IntStream.range(0, size).boxed().toList();
            for (int count = 1; count <= 7; count++) {
                int[] done = new int[size];
                for (Shard shard : Shard.all(count)) {
                    List<Integer> mine = shard.select(jobs);
                    int previous = -1;
                    for (int job : mine) {
                        assertTrue(shard.owns(job), shard + " got job " + job);
                        assertTrue(job > previous, "in list order");
                        previous = job;
                        done[job]++;
                    }
                    assertEquals(
                            size / count + (shard.index() < size % count ? 1 : 0),
                            mine.size(),
                            "shards differ by one job at most");
                }
                for (int job = 0; job < size; job++) {
                    assertEquals(
                            1,
                            done[job],
                            "job " + job + " of " + size + " in " + count + " shards: done once");
                }
            }
        }
    }

    @Test
    void aShardIsWrittenKOfN() {
        assertEquals(new Shard(1, 3), Shard.parse("1/3"));
        assertEquals("1/3", new Shard(1, 3).toString());
        assertEquals(Shard.ALL, Shard.parse("0/1"));
        assertTrue(Shard.ALL.isAll());
        List<String> messages = new ArrayList<>();
        for (String bad : List.of("3/3", "-1/2", "1", "a/b", "1/0", "1/2/3", "")) {
            messages.add(assertThrows(BadInputException.class, () -> Shard.parse(bad), bad)
                    .getMessage());
        }
        assertTrue(messages.get(0).startsWith("3/3: expected K/N"), messages.get(0));
        assertThrows(BadInputException.class, () -> new Shard(2, 2));
    }
}
