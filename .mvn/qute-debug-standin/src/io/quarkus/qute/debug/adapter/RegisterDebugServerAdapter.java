package io.quarkus.qute.debug.adapter;

import io.quarkus.qute.EngineBuilder;

/**
 * Sextant's stand-in for Qute's dev-mode template debugger (artifact io.quarkus.qute:qute-debug
 * 3.33.2), which quarkus:dev loads but the Maven Central reachable from our machines does not
 * serve. It reports no debug port, so Qute never registers it and dev mode runs without
 * template debugging. See build.sh beside this directory.
 */
public class RegisterDebugServerAdapter implements EngineBuilder.EngineListener {

    /** No debug server: Qute skips registration when the port is null. */
    public Integer getPort() {
        return null;
    }

    /** Nothing to reset. */
    public void reset() {
    }
}
