// Solutions to the exercises of notebooks/14-experiments.ipynb. Each block replaces the gap cell
// whose metadata names its exercise ("gankit": {"exercise": ID}) when the notebooks run
// with --solutions, as CI runs them. Keep this folder away from students (docs/teaching.md).

//// exercise 14-mean-sd
Table nsRuns = results.runs().where(results.runs().stringColumn("cell").isEqualTo("loss=non-saturating"));
double[] nsLosses = nsRuns.doubleColumn("g_loss").asDoubleArray();
double nsMean = Arrays.stream(nsLosses).average().orElseThrow();
double nsSd = Math.sqrt(Arrays.stream(nsLosses).map(v -> (v - nsMean) * (v - nsMean)).sum() / (nsLosses.length - 1));

//// exercise 14-failed-cells
Table lrRuns = Table.read().csv("../results/experiments/mnist-lr-beta1/runs.csv");
Map<String, Double> highestDFake = new LinkedHashMap<>();
for (int i = 0; i < lrRuns.rowCount(); i++)
    highestDFake.merge(lrRuns.stringColumn("cell").get(i), lrRuns.numberColumn("d_fake").getDouble(i), Math::max);
List<String> failedCells = highestDFake.entrySet().stream().filter(e -> e.getValue() < 0.02).map(Map.Entry::getKey).toList();
