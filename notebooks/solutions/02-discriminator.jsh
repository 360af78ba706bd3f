// Solutions to the exercises of notebooks/02-discriminator.ipynb. Each block replaces the gap cell
// whose metadata names its exercise ("gankit": {"exercise": ID}) when the notebooks run
// with --solutions, as CI runs them. Keep this folder away from students (docs/teaching.md).

//// exercise 02-bce
ToDoubleBiFunction<double[], double[]> dLoss = (realLogits, fakeLogits) ->
        -Arrays.stream(realLogits).map(l -> Math.log(1 / (1 + Math.exp(-l)))).average().orElseThrow()
        - Arrays.stream(fakeLogits).map(l -> Math.log(1 - 1 / (1 + Math.exp(-l)))).average().orElseThrow();

//// exercise 02-stable-log
DoubleUnaryOperator minusLogD = l -> Math.max(-l, 0) + Math.log1p(Math.exp(-Math.abs(l))); // exp never sees a positive number
