package io.sextant.repo.git;

import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Turns an Application's {@code targetRevision} into a commit SHA using only the local bare clone (the
 * network was used by the fetch before). Order, as Argo CD's ls-remote matching: empty or {@code HEAD}
 * (the remote's default branch), a full 40-hex SHA, a full ref name ({@code refs/heads/x},
 * {@code refs/tags/v1}), a branch, a tag (annotated tags peeled to their commit), then an abbreviated SHA
 * of at least 7 hex digits. Stateless.
 */
final class Revisions {

    static final int MAX_LENGTH = 255;
    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-fA-F]{40}");
    private static final Pattern SHORT_SHA = Pattern.compile("[0-9a-fA-F]{7,39}");
    // "^1.2", "~1.2", ">=1.0 <2", "1.*", "v1.x": semver constraints Argo CD resolves against tags.
    private static final Pattern VERSION_CONSTRAINT =
            Pattern.compile("^(?:[\\^~<>=!]+\\s*v?\\d|v?\\d+(?:\\.\\d+)*\\.[*xX](?:$|\\.))");

    private Revisions() {}

    /** Refuses what cannot be a branch, tag or SHA, before any lookup (and certainly before any command). */
    static void validate(String revision) {
        if (revision == null || revision.isEmpty() || revision.equals(Constants.HEAD)) {
            return;
        }
        String shown = Redactor.printable(revision.length() > 80 ? revision.substring(0, 80) + "..." : revision);
        if (revision.length() > MAX_LENGTH) {
            throw invalid(shown, "it is longer than " + MAX_LENGTH + " characters");
        }
        if (revision.startsWith("-")) {
            throw invalid(shown, "it starts with '-'");
        }
        if (VERSION_CONSTRAINT.matcher(revision).find() && !Repository.isValidRefName(Constants.R_TAGS + revision)) {
            throw new RepoException(
                    Reason.UNSUPPORTED,
                    "revision '" + shown + "' looks like a version constraint; "
                            + "resolving constraints against tags is not supported yet, name a tag, branch or commit");
        }
        for (int i = 0; i < revision.length(); i++) {
            char c = revision.charAt(i);
            if (c <= ' ' || Character.isISOControl(c) || Character.isWhitespace(c)) {
                throw invalid(shown, "it contains whitespace or control characters");
            }
        }
        if (FULL_SHA.matcher(revision).matches()) {
            return;
        }
        String ref = revision.startsWith(Constants.R_REFS) ? revision : Constants.R_HEADS + revision;
        if (!Repository.isValidRefName(ref)) {
            throw invalid(shown, "it is not a valid branch, tag or commit name");
        }
    }

    /** The commit {@code revision} names in {@code repo}; {@code shownUrl} is already redacted. */
    static String resolve(Repository repo, String revision, String shownUrl) {
        validate(revision);
        String rev = revision == null ? "" : revision;
        try (RevWalk walk = new RevWalk(repo)) {
            if (rev.isEmpty() || rev.equals(Constants.HEAD)) {
                Ref head = repo.exactRef(Constants.HEAD);
                if (head == null || head.getObjectId() == null) {
                    throw new RepoException(
                            Reason.REVISION_NOT_FOUND,
                            "repository " + shownUrl + " has no default branch (HEAD): it may be empty");
                }
                return commitOf(walk, head.getObjectId(), rev.isEmpty() ? "HEAD" : rev, shownUrl);
            }
            if (FULL_SHA.matcher(rev).matches()) {
                return commitOf(walk, ObjectId.fromString(rev.toLowerCase(Locale.ROOT)), rev, shownUrl);
            }
            List<String> candidates = rev.startsWith(Constants.R_REFS)
                    ? List.of(rev)
                    : List.of(Constants.R_HEADS + rev, Constants.R_TAGS + rev);
            for (String name : candidates) {
                Ref ref = repo.exactRef(name);
                if (ref != null && ref.getObjectId() != null) {
                    return commitOf(walk, ref.getObjectId(), rev, shownUrl);
                }
            }
            if (SHORT_SHA.matcher(rev).matches()) {
                String sha = abbreviated(repo, walk, rev, shownUrl);
                if (sha != null) {
                    return sha;
                }
            }
        } catch (IOException e) {
            throw new RepoException(
                    Reason.TRANSPORT,
                    "cannot read the local clone of " + shownUrl + ": " + Redactor.redact(e.getMessage()),
                    Redactor.scrub(e, null));
        }
        throw notFound(rev, shownUrl, "no branch, tag or commit has that name");
    }

    private static String abbreviated(Repository repo, RevWalk walk, String rev, String shownUrl) throws IOException {
        try (ObjectReader reader = repo.newObjectReader()) {
            Collection<ObjectId> ids = reader.resolve(AbbreviatedObjectId.fromString(rev));
            List<String> commits = new ArrayList<>();
            for (ObjectId id : ids) {
                if (walk.parseAny(id).getType() == Constants.OBJ_COMMIT) {
                    commits.add(id.name());
                }
            }
            if (commits.size() > 1) {
                throw notFound(rev, shownUrl, "the abbreviated SHA is ambiguous (" + commits.size() + " commits)");
            }
            return commits.isEmpty() ? null : commits.get(0);
        }
    }

    private static String commitOf(RevWalk walk, ObjectId id, String rev, String shownUrl) throws IOException {
        try {
            RevCommit commit = walk.parseCommit(id); // peels annotated tags
            return commit.name();
        } catch (MissingObjectException e) {
            throw notFound(
                    rev, shownUrl, "commit " + id.name() + " is not on any branch or tag fetched from the repository");
        } catch (IncorrectObjectTypeException e) {
            throw notFound(
                    rev,
                    shownUrl,
                    "it names a " + Constants.typeString(walk.parseAny(id).getType()) + ", not a commit");
        }
    }

    private static RepoException notFound(String rev, String shownUrl, String why) {
        return new RepoException(
                Reason.REVISION_NOT_FOUND,
                "revision '" + Redactor.printable(rev) + "' not found in " + shownUrl + ": " + why);
    }

    private static RepoException invalid(String shown, String why) {
        return new RepoException(Reason.INVALID_ARGUMENT, "revision '" + shown + "' is not allowed: " + why);
    }
}
