// Solutions to the exercises of notebooks/09-wgan-gp.ipynb. Each block replaces the gap cell
// whose metadata names its exercise ("gankit": {"exercise": ID}) when the notebooks run
// with --solutions, as CI runs them. Keep this folder away from students (docs/teaching.md).

//// exercise 09-critic-loss
ToDoubleBiFunction<double[], double[]> criticLoss = (realScores, fakeScores) ->
        Arrays.stream(fakeScores).average().orElseThrow() - Arrays.stream(realScores).average().orElseThrow();

//// exercise 09-gradient-penalty
ToDoubleFunction<double[][]> penaltyOf = gradients -> {
    double sum = 0;
    for (double[] g : gradients) {
        double norm = Math.sqrt(Arrays.stream(g).map(v -> v * v).sum());
        sum += (norm - 1) * (norm - 1);
    }
    return 10 * sum / gradients.length;
};

//// exercise 09-clipping-slope
double clippedSlope = 0.01 * Math.sqrt(784); // every |w_i| at c: sqrt(784 c^2)
