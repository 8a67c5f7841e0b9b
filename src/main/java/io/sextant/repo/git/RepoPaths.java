package io.sextant.repo.git;

import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Lexical rules for paths inside a repository, applied before anything is looked up: {@code /}-separated,
 * relative to the repository root, no {@code ..} leaving the root, no absolute paths, no control
 * characters. Stateless.
 */
public final class RepoPaths {

    static final int MAX_LENGTH = 4096;

    private RepoPaths() {}

    /**
     * {@code path} cleaned the way Go's {@code filepath.Clean} cleans it, relative to the root: {@code ""}
     * for the root itself ({@code null}, empty, {@code .}, {@code ./}), no empty, {@code .} or {@code ..}
     * segments, no trailing slash.
     *
     * @param what how to name the path in an error ("application path", "include pattern", ...)
     * @throws RepoException PATH_ESCAPE for an absolute path or one whose {@code ..} leave the root;
     *                       INVALID_ARGUMENT for control characters or an over-long path
     */
    public static String normalize(String path, String what) {
        if (path == null) {
            return "";
        }
        String shown = Redactor.printable(path.length() > 200 ? path.substring(0, 200) + "..." : path);
        if (path.length() > MAX_LENGTH) {
            throw new RepoException(Reason.INVALID_ARGUMENT, what + " '" + shown + "' is too long");
        }
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                throw new RepoException(Reason.INVALID_ARGUMENT, what + " '" + shown + "' contains control characters");
            }
        }
        if (path.startsWith("/") || path.startsWith("\\")) {
            throw SecurityLog.escape(new RepoException(
                    Reason.PATH_ESCAPE,
                    what + " '" + shown + "' is absolute; it must be relative to the repository root"));
        }
        Deque<String> kept = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (kept.isEmpty()) {
                    throw SecurityLog.escape(new RepoException(
                            Reason.PATH_ESCAPE, what + " '" + shown + "' leads outside the repository"));
                }
                kept.removeLast();
            } else {
                kept.addLast(segment);
            }
        }
        return String.join("/", kept);
    }

    /** The non-empty segments of a {@linkplain #normalize normalized} path. */
    static List<String> segments(String normalized) {
        List<String> out = new ArrayList<>();
        for (String s : normalized.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }
}
