// Solutions to the exercises of notebooks/06-mode-collapse.ipynb. Each block replaces the gap cell
// whose metadata names its exercise ("gankit": {"exercise": ID}) when the notebooks run
// with --solutions, as CI runs them. Keep this folder away from students (docs/teaching.md).

//// exercise 06-reverse-kl
ToDoubleFunction<int[]> reverseKl = counts -> {
    double total = Arrays.stream(counts).sum();
    double kl = 0;
    for (int c : counts)
        if (c > 0) kl += c / total * Math.log(c / total * counts.length); // empty modes add 0
    return kl;
};

//// exercise 06-pacgan-shape
import ai.djl.ndarray.types.Shape;
BiFunction<Shape, Integer, Shape> packedShape = (shape, m) ->
        new Shape(shape.get(0) / m, shape.get(1) * m).addAll(shape.slice(2));
