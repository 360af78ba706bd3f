// Solutions to the exercises of notebooks/07-cifar10.ipynb. Each block replaces the gap cell
// whose metadata names its exercise ("gankit": {"exercise": ID}) when the notebooks run
// with --solutions, as CI runs them. Keep this folder away from students (docs/teaching.md).

//// exercise 07-conv-side
Exercises.ConvSide convSide = (n, k, s, p) -> (n + 2L * p - k) / s + 1;

//// exercise 07-transposed-side
Exercises.ConvSide transposedSide = (n, k, s, p) -> (n - 1) * s - 2L * p + k;
