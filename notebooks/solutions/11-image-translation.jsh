// Solutions to the exercises of notebooks/11-image-translation.ipynb. Each block replaces the gap cell
// whose metadata names its exercise ("gankit": {"exercise": ID}) when the notebooks run
// with --solutions, as CI runs them. Keep this folder away from students (docs/teaching.md).

//// exercise 11-luma
Exercises.Luma luma = (red, green, blue) -> 0.299 * red + 0.587 * green + 0.114 * blue;

//// exercise 11-cycle-loss
ToDoubleBiFunction<double[], double[]> cycleL1 = (reconstructed, original) -> {
    double sum = 0;
    for (int i = 0; i < original.length; i++) {
        sum += Math.abs(reconstructed[i] - original[i]);
    }
    return sum / original.length;
};
