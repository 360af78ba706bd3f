package io.gankit;

import io.gankit.engine.Engines;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts and checks the engine before each test class, as {@code ./gankit}, the bench and the
 * kernel do, so tests compute on the same convolution route as users (registered for every test
 * through {@code META-INF/services} and {@code junit-platform.properties}).
 */
public final class EngineCheckedExtension implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        Engines.ensure();
    }
}
