// Solutions to the exercises of notebooks/00-kernel-check.ipynb. Each block replaces the gap cell
// whose metadata names its exercise ("gankit": {"exercise": ID}) when the notebooks run
// with --solutions, as CI runs them. Keep this folder away from students (docs/teaching.md).

//// exercise 00-noise
import ai.djl.ndarray.types.Shape;
NDManager exerciseManager = NDManager.newBaseManager();
NDArray z = exerciseManager.randomNormal(new Shape(64, 100));
