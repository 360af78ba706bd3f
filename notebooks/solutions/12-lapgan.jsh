// Solutions to the exercises of notebooks/12-lapgan.ipynb. Each block replaces the gap cell
// whose metadata names its exercise ("gankit": {"exercise": ID}) when the notebooks run
// with --solutions, as CI runs them. Keep this folder away from students (docs/teaching.md).

//// exercise 12-upsample
UnaryOperator<double[]> up = row -> {
    int n = row.length;
    double[] out = new double[2 * n];
    for (int i = 0; i < n; i++) {
        out[2 * i] = 0.75 * row[i] + 0.25 * row[Math.max(i - 1, 0)];
        out[2 * i + 1] = 0.75 * row[i] + 0.25 * row[Math.min(i + 1, n - 1)];
    }
    return out;
};

//// exercise 12-pyramid-size
IntBinaryOperator numbers = (side, levels) -> {
    int sum = 0;
    for (int k = 0; k < levels; k++) {
        sum += (side >> k) * (side >> k);
    }
    return sum;
};
