/**
 * {@code ./gankit VERB}, kept thin: one {@code Command} per verb declares its flags once
 * ({@code Flag}: name, kind of value, default, help; gathered in {@code Flags}), and that one
 * declaration parses the command line ({@code Args}) and prints the verb's {@code --help};
 * {@code Main} parses, then starts and checks the engine before every verb that computes. The work
 * itself (training, scoring, job lists, worker processes) is the library's.
 *
 * <p>Imports go one way (ARCHITECTURE.md): io.gankit, engine, data, plot, nn, loss, train, metrics,
 * lab, notebook, kernel, bench, cli; a package uses only those before it.
 */
package io.gankit.cli;
