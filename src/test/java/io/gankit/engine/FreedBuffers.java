package io.gankit.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * What happens to Java-owned engine memory between a forward and a backward pass in a long run:
 * the collector frees the direct buffers of closed arrays, and later allocations of the same size
 * take their place. Tests call {@link #reuse()} there, so an operand the graph did not keep alive
 * reads {@link #SENTINEL} instead of its value.
 */
public final class FreedBuffers {
    /** What the reused memory holds afterwards: far from any value a test computes. */
    public static final float SENTINEL = 1e6f;

    private static final List<ByteBuffer> HELD = new ArrayList<>();

    private FreedBuffers() {}

    /** Collects garbage (its cleaner frees unreachable direct buffers), then fills freed small blocks. */
    public static void reuse() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(20); // the cleaner thread frees the buffers after the collection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        HELD.clear();
        for (int i = 0; i < 2000; i++) {
            for (int bytes : new int[] {4, 8}) {
                ByteBuffer b = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
                b.putFloat(0, SENTINEL);
                HELD.add(b);
            }
        }
    }
}
