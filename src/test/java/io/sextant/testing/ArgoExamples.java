package io.sextant.testing;

import io.sextant.embedded.GitHttpServer;
import io.sextant.repo.TreeCommit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Argo CD's example apps (testbed/fixtures/argo-examples) as one repository, each folder a path. */
public final class ArgoExamples {

    private ArgoExamples() {}

    /** Serves them as repository {@code name} on {@code git}, on branch master; @return its URL */
    public static String repository(GitHttpServer git, String name) throws IOException {
        Path bare = git.addAnonymous(name);
        Path root = ProjectPaths.root().resolve("testbed/fixtures/argo-examples");
        TreeCommit tree = TreeCommit.tree();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String relative = root.relativize(f).toString();
                if (relative.contains("/")) { // the folders, not the README beside them
                    tree.file(relative, Files.readAllBytes(f));
                }
            }
        }
        tree.commitToDefaultBranch(bare, "master");
        return git.url(name);
    }
}
