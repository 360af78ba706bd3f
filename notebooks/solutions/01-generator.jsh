// Solutions to the exercises of notebooks/01-generator.ipynb. Each block replaces the gap cell
// whose metadata names its exercise ("gankit": {"exercise": ID}) when the notebooks run
// with --solutions, as CI runs them. Keep this folder away from students (docs/teaching.md).

//// exercise 01-output-shape
Shape dcganShape = new Shape(10, 3, 32, 32); // batch, channels, height, width

//// exercise 01-layer-parameters
LongBinaryOperator denseParameters = (in, out) -> in * out + out; // W is out x in, b has out entries
