// Solutions to the exercises of notebooks/03-minimax-loss.ipynb. Each block replaces the gap cell
// whose metadata names its exercise ("gankit": {"exercise": ID}) when the notebooks run
// with --solutions, as CI runs them. Keep this folder away from students (docs/teaching.md).

//// exercise 03-optimal-d
DoubleBinaryOperator optimalD = (dataDensity, genDensity) -> dataDensity / (dataDensity + genDensity);

//// exercise 03-equilibrium
double vEquilibrium = Math.log(0.5) + Math.log(1 - 0.5); // D* = 1/2 everywhere: -log 4

//// exercise 03-nonsaturating
DoubleUnaryOperator gLossOf = d -> -Math.log(d);
