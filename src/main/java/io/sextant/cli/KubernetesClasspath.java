package io.sextant.cli;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up speed: {@code ./sextant} starts the CLI with only what talking to a server needs (picocli
 * and Jackson, a handful of jars), since searching the ~300 jars of the whole build is most of a
 * JVM's start-up. Core mode needs the Kubernetes client too: before it is touched,
 * {@link #ensure()} runs the same command again in a class loader over the full classpath (the file
 * named by {@code -Dsextant.cli.classpath}) and exits with its code. Run any other way (tests, an
 * IDE), the full classpath is already there and nothing happens.
 */
final class KubernetesClasspath {

    static final String PROPERTY = "sextant.cli.classpath";
    private static volatile String[] args = new String[0];

    private KubernetesClasspath() {}

    /** The command line being run, for a relaunch. */
    static void remember(String[] commandLine) {
        args = commandLine.clone();
    }

    static void ensure() {
        try {
            Class.forName(
                    "io.fabric8.kubernetes.client.KubernetesClient", false, KubernetesClasspath.class.getClassLoader());
            return;
        } catch (ClassNotFoundException e) {
            // the lite classpath: relaunch below
        }
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            throw new CliException("core mode needs the Kubernetes client, which is not on this classpath; run sextant "
                    + "through the ./sextant script");
        }
        try {
            List<URL> urls = new ArrayList<>();
            urls.add(KubernetesClasspath.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation());
            for (String entry : Files.readString(Path.of(file)).trim().split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    urls.add(Path.of(entry).toUri().toURL());
                }
            }
            URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> cli = loader.loadClass(SextantCli.class.getName());
            int code = (int) cli.getMethod("execute", String[].class).invoke(null, (Object) args);
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        } catch (MalformedURLException e) {
            throw new CliException("the classpath file " + file + " names a bad path: " + e.getMessage());
        } catch (IOException e) {
            throw new CliException("cannot read the classpath file " + file + ": " + e.getMessage());
        } catch (ReflectiveOperationException e) {
            throw new CliException("cannot start core mode: " + e);
        }
    }
}
