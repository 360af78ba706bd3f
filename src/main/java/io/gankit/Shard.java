package io.gankit;

import java.util.ArrayList;
import java.util.List;

/**
 * Shard {@code index} of {@code count} of an ordered job list: jobs {@code index}, {@code index +
 * count}, {@code index + 2 count}, ... (counted from 0). The {@code count} shards of a list split it
 * exactly: every job falls in one shard, and no job in two. Written and read as {@code K/N}
 * ({@code --shard 1/3}); {@link WorkerProcesses} gives worker {@code k} of {@code n} shard {@code k/n}.
 *
 * @param index which shard, from 0
 * @param count how many shards the list is split into, at least 1
 */
public record Shard(int index, int count) {
    /** The whole list: shard 0 of 1. */
    public static final Shard ALL = new Shard(0, 1);

    /** What {@link #parse} expects, for error messages and help texts. */
    public static final String EXPECTED = "K/N with 0 <= K < N, such as 0/2";

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new BadInputException("shard " + index + "/" + count + ": expected " + EXPECTED);
        }
    }

    /** The shard written as {@code K/N}; throws {@link BadInputException} naming the text otherwise. */
    public static Shard parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length == 2) {
            try {
                int k = Integer.parseInt(parts[0].strip());
                int n = Integer.parseInt(parts[1].strip());
                if (n >= 1 && k >= 0 && k < n) {
                    return new Shard(k, n);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new BadInputException(text + ": expected " + EXPECTED);
    }

    /** All {@code count} shards of a list, in order: 0/count, 1/count, ... */
    public static List<Shard> all(int count) {
        List<Shard> shards = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            shards.add(new Shard(k, count));
        }
        return shards;
    }

    /** Whether job number {@code job} (from 0) of the list belongs to this shard. */
    public boolean owns(int job) {
        return job % count == index;
    }

    /** This shard's jobs of {@code jobs}, in list order. */
    public <T> List<T> select(List<T> jobs) {
        List<T> mine = new ArrayList<>();
        for (int i = index; i < jobs.size(); i += count) {
            mine.add(jobs.get(i));
        }
        return mine;
    }

    /** Whether this shard is the whole list. */
    public boolean isAll() {
        return count == 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
