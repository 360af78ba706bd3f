/**
 * Experiments as files: a base config, a grid over any of its keys and seeds
 * ({@link io.gankit.experiment.Experiment}), run into one folder with finished runs skipped and
 * interrupted ones resumed ({@link io.gankit.experiment.Sweep}), and read back as tables, loss
 * bands over seeds and heat-maps ({@link io.gankit.experiment.SweepResults},
 * {@link io.gankit.experiment.Bands}).
 *
 * <p>Imports go one way (ARCHITECTURE.md): io.gankit, engine, data, plot, nn, loss, train, metrics,
 * lab, experiment, notebook, kernel, bench, cli; a package uses only those before it.
 */
package io.gankit.experiment;
