/**
 * The mode-collapse lab: ring and grid mixtures and stacked MNIST with the papers' settings,
 * mode metrics, hand-stepped D and G, plots, and the benchmark beside the published numbers with
 * its job list ({@code ModeJobs}).
 *
 * <p>Imports go one way (ARCHITECTURE.md): io.gankit, engine, data, plot, nn, loss, train, metrics,
 * lab, notebook, kernel, bench, cli; a package uses only those before it.
 */
package io.gankit.lab;
