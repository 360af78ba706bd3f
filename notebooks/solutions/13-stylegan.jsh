// Solutions to the exercises of notebooks/13-stylegan.ipynb. Each block replaces the gap cell
// whose metadata names its exercise ("gankit": {"exercise": ID}) when the notebooks run
// with --solutions, as CI runs them. Keep this folder away from students (docs/teaching.md).

//// exercise 13-demodulation
BiFunction<double[][], double[], double[]> demodulate = (w, s) -> {
    double[] d = new double[w.length];
    for (int o = 0; o < w.length; o++) {
        double sum = 0;
        for (int i = 0; i < s.length; i++) {
            sum += (w[o][i] * s[i]) * (w[o][i] * s[i]);
        }
        d[o] = 1 / Math.sqrt(sum + 1e-8);
    }
    return d;
};

//// exercise 13-truncation
Exercises.Truncation truncate = (w, mean, psi) -> {
    double[] out = new double[w.length];
    for (int i = 0; i < w.length; i++) {
        out[i] = mean[i] + psi * (w[i] - mean[i]);
    }
    return out;
};
