package io.gankit.bench;

import io.gankit.metrics.DenseMath;
import io.gankit.metrics.FrechetDistance;
import io.gankit.metrics.GaussianStats;
import io.gankit.metrics.SymmetricEigen;
import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Times the Frechet distance of two seeded random feature sets (default 10,000 x 2048, the size of a
 * real FID computation) route by route and prints a table: statistics (mean and covariance), the
 * kit's eigen route split into its steps, the same route with sqrt(S1) formed explicitly, and
 * optionally Apache Commons Math's eigen-decomposition in place of the kit's. The steps are those of
 * {@link FrechetDistance#between(GaussianStats, GaussianStats)}, called one by one through the
 * public maths of {@code io.gankit.metrics} ({@link SymmetricEigen}, {@link DenseMath} and
 * {@link FrechetDistance}'s route).
 *
 * <pre>
 * ./gankit bench --frechet
 * java -cp "lib/*" io.gankit.bench.FrechetBenchmark [--n 10000] [--d 2048] [--seed 1] [--commons-math]
 * </pre>
 */
public final class FrechetBenchmark {
    /** Feature vectors per set: pytorch-fid's usual N. */
    public static final int DEFAULT_N = 10_000;
    /** Feature dimension: Inception's pool features. */
    public static final int DEFAULT_D = 2048;

    private FrechetBenchmark() {}

    public static void main(String[] argv) {
        int n = DEFAULT_N;
        int d = DEFAULT_D;
        long seed = 1;
        boolean commons = false;
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--n" -> n = Integer.parseInt(argv[++i]);
                case "--d" -> d = Integer.parseInt(argv[++i]);
                case "--seed" -> seed = Long.parseLong(argv[++i]);
                case "--commons-math" -> commons = true;
                default ->
                    throw new IllegalArgumentException("unknown argument " + argv[i]
                            + "; expected --n N, --d D, --seed S, --commons-math");
            }
        }
        run(n, d, seed, commons, System.out);
    }

    /** Runs the benchmark and prints the table to {@code out}. */
    public static void run(int n, int d, long seed, boolean commons, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "Frechet distance of %d x %d float32 features (seed %d), float64 maths, %d threads%n",
                n,
                d,
                seed,
                Runtime.getRuntime().availableProcessors());
        float[] a = features(n, d, seed, 0);
        float[] b = features(n, d, seed + 1, 0.05);
        String row = "%-52s %9s %20s%n";
        out.printf(Locale.ROOT, row, "route / step", "seconds", "FID");

        long t0 = System.nanoTime();
        GaussianStats sa = GaussianStats.fromFeatures(a, n, d);
        GaussianStats sb = GaussianStats.fromFeatures(b, n, d);
        out.printf(
                Locale.ROOT,
                row,
                "statistics: mean + unbiased covariance, both sets",
                secs(t0),
                "");

        long t1 = System.nanoTime();
        SymmetricEigen.Decomposition eig = SymmetricEigen.decompose(sa.sigma());
        out.printf(Locale.ROOT, row, "  eigh(S1): Householder + QL with vectors", secs(t1), "");
        long t2 = System.nanoTime();
        double[][] m = FrechetDistance.compactProduct(eig, sb.sigma());
        out.printf(Locale.ROOT, row, "  M = sqrt(L) V^T S2 V sqrt(L): two products", secs(t2), "");
        long t3 = System.nanoTime();
        double rootTrace = FrechetDistance.sumOfPositiveRoots(SymmetricEigen.values(m));
        out.printf(Locale.ROOT, row, "  eigenvalues of M (no vectors)", secs(t3), "");
        double kit = assemble(sa, sb, rootTrace);
        out.printf(
                Locale.ROOT,
                row,
                "kit eigen route, total (FrechetDistance.between)",
                secs(t1),
                fmt(kit));

        long t4 = System.nanoTime();
        double check = FrechetDistance.between(sa, sb);
        out.printf(
                Locale.ROOT,
                row,
                "kit eigen route, again through the public API",
                secs(t4),
                fmt(check));

        long t5 = System.nanoTime();
        double explicit = explicitRoot(sa, sb);
        out.printf(
                Locale.ROOT,
                row,
                "explicit sqrt(S1) = V sqrt(L) V^T, then M, eigvals",
                secs(t5),
                fmt(explicit));

        if (commons) {
            long t6 = System.nanoTime();
            double cm = commonsMath(sa, sb);
            out.printf(
                    Locale.ROOT,
                    row,
                    "Commons Math EigenDecomposition, both steps",
                    secs(t6),
                    fmt(cm));
        }
        out.printf(
                Locale.ROOT,
                "relative difference between routes: %.2e%n",
                Math.abs(explicit - kit) / Math.abs(kit));
    }

    private static float[] features(int n, int d, long seed, double shift) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            double common =
                    r.nextDouble() * 2 - 1; // a shared factor makes the covariance non-diagonal
            for (int j = 0; j < d; j++) {
                double g = gaussian(r) + 0.5 * common * ((j % 7) - 3) / 3.0 + shift;
                x[i * d + j] = (float) Math.max(0, g); // pool features after ReLU are non-negative
            }
        }
        return x;
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller; SplittableRandom has no nextGaussian in Java 17
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static double explicitRoot(GaussianStats sa, GaussianStats sb) {
        SymmetricEigen.Decomposition eig = SymmetricEigen.decompose(sa.sigma());
        int d = sa.dim();
        double[][] scaled = new double[d][d];
        for (int i = 0; i < d; i++) {
            double r = Math.sqrt(Math.max(0, eig.values()[i]));
            for (int j = 0; j < d; j++) {
                scaled[i][j] = eig.vectors()[i][j] * r;
            }
        }
        double[][] root = DenseMath.multiply(transpose(eig.vectors()), scaled);
        double[][] m = DenseMath.multiply(DenseMath.multiply(root, sb.sigma()), root);
        return assemble(
                sa,
                sb,
                FrechetDistance.sumOfPositiveRoots(
                        SymmetricEigen.values(FrechetDistance.symmetrise(m))));
    }

    private static double[][] transpose(double[][] m) {
        double[][] t = new double[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                t[j][i] = m[i][j];
            }
        }
        return t;
    }

    private static double commonsMath(GaussianStats sa, GaussianStats sb) {
        EigenDecomposition e1 = new EigenDecomposition(new Array2DRowRealMatrix(sa.sigma(), false));
        RealMatrix v = e1.getV();
        double[] l = e1.getRealEigenvalues();
        int d = l.length;
        double[][] root = new double[d][d];
        for (int i = 0; i < d; i++) {
            root[i][i] = Math.sqrt(Math.max(0, l[i]));
        }
        RealMatrix r = v.multiply(new Array2DRowRealMatrix(root, false)).multiply(v.transpose());
        RealMatrix m = r.multiply(new Array2DRowRealMatrix(sb.sigma(), false)).multiply(r);
        double[][] sym = FrechetDistance.symmetrise(m.getData());
        double[] mu =
                new EigenDecomposition(new Array2DRowRealMatrix(sym, false)).getRealEigenvalues();
        return assemble(sa, sb, FrechetDistance.sumOfPositiveRoots(mu));
    }

    private static double assemble(GaussianStats a, GaussianStats b, double rootTrace) {
        double total = 0;
        for (int i = 0; i < a.dim(); i++) {
            double diff = a.mu()[i] - b.mu()[i];
            total += diff * diff + a.sigma()[i][i] + b.sigma()[i][i];
        }
        return total - 2 * rootTrace;
    }

    private static String secs(long start) {
        return String.format(Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e9);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.10f", v);
    }
}
