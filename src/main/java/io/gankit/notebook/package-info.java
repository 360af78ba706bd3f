/**
 * What notebooks import: display helpers ({@code Show}, {@code Progress}), live training with its
 * charts and sample grids, quick-mode limits, the checks of the notebooks' exercises
 * ({@code Exercises}), and the renderers of charts, images and tables. The kernel that runs the
 * notebooks lives apart, in {@code io.gankit.kernel}.
 *
 * <p>Imports go one way (ARCHITECTURE.md): io.gankit, engine, data, plot, nn, loss, train, metrics,
 * lab, notebook, kernel, bench, cli; a package uses only those before it.
 */
package io.gankit.notebook;
