/**
 * {@code ./gankit VERB}: one {@code Command} per verb; {@code Main} starts and checks the engine
 * before every verb that computes.
 *
 * <p>Imports go one way (ARCHITECTURE.md): io.gankit, engine, data, plot, nn, loss, train, metrics,
 * lab, notebook, kernel, bench, cli; a package uses only those before it.
 */
package io.gankit.cli;
