// Solutions to the exercises of notebooks/10-super-resolution.ipynb. Each block replaces the gap cell
// whose metadata names its exercise ("gankit": {"exercise": ID}) when the notebooks run
// with --solutions, as CI runs them. Keep this folder away from students (docs/teaching.md).

//// exercise 10-psnr
DoubleUnaryOperator psnrOf = mse -> 10 * Math.log10(255.0 * 255.0 / mse);

//// exercise 10-shuffle-shape
BiFunction<Shape, Integer, Shape> shuffled = (shape, r) ->
        new Shape(shape.get(0), shape.get(1) / (r * r), shape.get(2) * r, shape.get(3) * r);
