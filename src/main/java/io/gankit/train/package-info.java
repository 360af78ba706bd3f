/**
 * The trainer, its config, the history table, listeners, atomic checkpoints, run folders, and
 * the saveable Adam.
 *
 * <p>Imports go one way (ARCHITECTURE.md): io.gankit, engine, data, plot, nn, loss, train, metrics,
 * lab, notebook, kernel, bench, cli; a package uses only those before it.
 */
package io.gankit.train;
