package io.gankit.metrics;

import java.util.stream.IntStream;

/**
 * Dense float64 matrix products in plain Java, tiled so that the right operand's tile stays in cache.
 * Public for the bench's {@code FrechetBenchmark}, which times FID's steps one by one.
 */
public final class DenseMath {
    private static final int K_TILE = 64;
    private static final int J_TILE = 512;
    private static final int ROWS_PER_TASK = 16;

    private DenseMath() {}

    /** A (r x k) times B (k x c). */
    public static double[][] multiply(double[][] a, double[][] b) {
        int r = a.length;
        int inner = b.length;
        int c = inner == 0 ? 0 : b[0].length;
        double[][] out = new double[r][c];
        int tasks = (r + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        IntStream range = IntStream.range(0, tasks);
        (r * (long) inner * c > 1_000_000 ? range.parallel() : range).forEach(t -> {
            int i0 = t * ROWS_PER_TASK;
            int i1 = Math.min(r, i0 + ROWS_PER_TASK);
            for (int j0 = 0; j0 < c; j0 += J_TILE) {
                int j1 = Math.min(c, j0 + J_TILE);
                for (int k0 = 0; k0 < inner; k0 += K_TILE) {
                    int k1 = Math.min(inner, k0 + K_TILE);
                    for (int i = i0; i < i1; i++) {
                        double[] ai = a[i];
                        double[] oi = out[i];
                        for (int k = k0; k < k1; k++) {
                            double f = ai[k];
                            if (f == 0) {
                                continue;
                            }
                            double[] bk = b[k];
                            for (int j = j0; j < j1; j++) {
                                oi[j] += f * bk[j];
                            }
                        }
                    }
                }
            }
        });
        return out;
    }
}
