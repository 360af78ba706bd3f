// Solutions to the exercises of notebooks/08-conditional-gan.ipynb. Each block replaces the gap cell
// whose metadata names its exercise ("gankit": {"exercise": ID}) when the notebooks run
// with --solutions, as CI runs them. Keep this folder away from students (docs/teaching.md).

//// exercise 08-agreement
ToDoubleBiFunction<int[], float[][]> agreementOf = (requested, probabilities) -> {
    int hits = 0;
    for (int i = 0; i < requested.length; i++) {
        int best = 0;
        for (int y = 1; y < probabilities[i].length; y++)
            if (probabilities[i][y] > probabilities[i][best]) best = y;
        if (best == requested[i]) hits++;
    }
    return (double) hits / requested.length;
};

//// exercise 08-chance
double chanceAgreement = 1.0 / 10; // only the requests for a 1 agree
