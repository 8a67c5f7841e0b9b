package io.sextant.service;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.config.SextantConfig;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSource;
import io.sextant.model.RevisionHistory;
import io.sextant.repo.RepoException;
import io.sextant.repo.git.CredentialsResolver;
import io.sextant.repo.git.GitReverter;
import io.sextant.repo.git.RevertResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The GitOps rollback, done for the user: a commit that restores an earlier revision, pushed to the
 * branch the app tracks, then a sync of it. Unlike {@link ApplicationOperations#rollback} the repository
 * stays the truth, so auto-sync need not be off. The one Application service that writes to Git.
 */
@ApplicationScoped
public class GitRevertService {

    private final KubernetesClient client;
    private final SextantConfig config;
    private final ApplicationService applications;
    private final ApplicationOperations operations;
    private GitReverter reverter;

    @Inject
    public GitRevertService(
            KubernetesClient client,
            SextantConfig config,
            ApplicationService applications,
            ApplicationOperations operations) {
        this.client = client;
        this.config = config;
        this.applications = applications;
        this.operations = operations;
    }

    /**
     * On the branch the app tracks, pushes one commit that restores the files of history entry {@code id}
     * (what {@code git revert} of the later commits does), with the {@code repository-write} credentials,
     * then asks for a sync of the new head. Refused, with nothing pushed, when the app does not track a
     * branch, the credentials cannot push, or the branch moved meanwhile.
     *
     * @return the new head commit
     */
    public String revertInGit(String name, long id, String username) {
        Application app = applications.get(name);
        applications.check("sync", app);
        ApplicationOperations.refuseWhileRunning(app);
        RevisionHistory entry = ApplicationOperations.historyEntry(app, id);
        ApplicationSource source = app.getSpec().getSource();
        if (source == null) {
            throw new OperationRefusedException("application '" + name + "' has no spec.source to revert");
        }
        String branch =
                source.getTargetRevision() == null || source.getTargetRevision().isBlank()
                        ? "HEAD"
                        : source.getTargetRevision();
        var write = CredentialsResolver.read(client, config.namespace())
                .forWriteUrl(source.getRepoURL())
                .orElse(null);
        RevertResult result;
        try {
            result = reverter()
                    .revert(
                            source.getRepoURL(),
                            branch,
                            entry.getRevision(),
                            write,
                            new PersonIdent(
                                    username == null || username.isBlank() ? "Sextant" : username, "sextant@localhost"),
                            "Revert " + name + " to history " + id + " (" + entry.getRevision() + ")");
        } catch (RepoException e) {
            throw new OperationRefusedException("cannot revert in Git: " + e.getMessage());
        }
        operations.sync(name, result.newHead(), false, false, List.of(), List.of(), username);
        return result.newHead();
    }

    private synchronized GitReverter reverter() {
        if (reverter == null) {
            reverter = new GitReverter(Path.of(config.repo().cacheDir()).resolveSibling("sextant-reverts"));
        }
        return reverter;
    }
}
