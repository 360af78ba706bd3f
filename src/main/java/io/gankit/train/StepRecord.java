package io.gankit.train;

/**
 * What one training step measured: one row of the history.
 *
 * @param step generator steps done, counting this one (1 for the first)
 * @param epoch the epoch this step belongs to, from 1
 * @param dLoss the discriminator's loss (mean over its critic steps)
 * @param gLoss the generator's loss
 * @param dReal mean D(x) on the real batch: a probability for minimax / non-saturating losses,
 *     the mean critic score otherwise
 * @param dFake mean D(G(z)) on the generated batch, the same way
 * @param seconds training time since the run began, across resumes
 */
public record StepRecord(long step, int epoch, double dLoss, double gLoss, double dReal, double dFake,
        double seconds) {}
