/**
 * The kit's error types ({@code GankitException}, {@code BadInputException}), atomic file writes,
 * and local worker processes that share one ordered job list by shards ({@code Shard},
 * {@code WorkerProcesses}); every package may use them.
 *
 * <p>Imports go one way (ARCHITECTURE.md): io.gankit, engine, data, plot, nn, loss, train, metrics,
 * lab, notebook, kernel, bench, cli; a package uses only those before it.
 */
package io.gankit;
