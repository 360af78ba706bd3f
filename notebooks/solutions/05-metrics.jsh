// Solutions to the exercises of notebooks/05-metrics.ipynb. Each block replaces the gap cell
// whose metadata names its exercise ("gankit": {"exercise": ID}) when the notebooks run
// with --solutions, as CI runs them. Keep this folder away from students (docs/teaching.md).

//// exercise 05-fid-diagonal
ToDoubleBiFunction<GaussianStats, GaussianStats> fidDiagonal = (a, b) -> {
    double fid = 0;
    for (int i = 0; i < a.dim(); i++) {
        double dMu = a.mu()[i] - b.mu()[i];
        double dSd = Math.sqrt(a.sigma()[i][i]) - Math.sqrt(b.sigma()[i][i]); // v1 + v2 - 2 sqrt(v1 v2)
        fid += dMu * dMu + dSd * dSd;
    }
    return fid;
};

//// exercise 05-inception-score
ToDoubleFunction<double[][]> inceptionScore = p -> {
    int n = p.length, k = p[0].length;
    double[] marginal = new double[k];
    for (double[] row : p)
        for (int y = 0; y < k; y++) marginal[y] += row[y] / n;
    double kl = 0;
    for (double[] row : p)
        for (int y = 0; y < k; y++)
            if (row[y] > 0) kl += row[y] * Math.log(row[y] / marginal[y]); // 0 log 0 counts as 0
    return Math.exp(kl / n);
};
