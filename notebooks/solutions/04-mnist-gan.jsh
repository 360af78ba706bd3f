// Solutions to the exercises of notebooks/04-mnist-gan.ipynb. Each block replaces the gap cell
// whose metadata names its exercise ("gankit": {"exercise": ID}) when the notebooks run
// with --solutions, as CI runs them. Keep this folder away from students (docs/teaching.md).

//// exercise 04-equilibrium-losses
double dLossAtHalf = -Math.log(0.5) - Math.log(1 - 0.5); // 2 log 2
double gLossAtHalf = -Math.log(0.5);                     // log 2

//// exercise 04-last-epoch
int lastEpoch = (int) h.intColumn("epoch").max();
Table lastRows = h.where(h.intColumn("epoch").isEqualTo(lastEpoch));
double lastDReal = lastRows.doubleColumn("d_real").mean();
double lastDFake = lastRows.doubleColumn("d_fake").mean();
