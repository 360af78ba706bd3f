package io.gankit.engine;

import io.gankit.GankitException;

/** The engine computes wrong gradients on this machine and no workaround the kit has fixes them. */
public final class EngineFaultException extends GankitException {
    public EngineFaultException(String message) {
        super(message);
    }
}
