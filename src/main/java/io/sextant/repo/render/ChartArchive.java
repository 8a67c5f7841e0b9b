package io.sextant.repo.render;

import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.git.Redactor;
import io.sextant.repo.git.RepoPaths;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks a chart archive ({@code .tgz}: gzip of a tar) into the workspace, so a chart from a Helm
 * repository is rendered like a chart from git (hooks and CRDs kept, value files inside the chart).
 * Only regular files and directories are unpacked; links and devices are left out. Every name is
 * checked like a repository path (no absolute paths, no {@code ..} leaving the directory); entries,
 * bytes per file and bytes in total are bounded by {@link RenderLimits}, counted as they are read, so a
 * decompression bomb stops at the limit. Understands ustar names (with prefix), GNU long names and pax
 * {@code path} records. Stateless.
 */
final class ChartArchive {

    /** The security log, as for paths refused in Git (io.sextant.repo.git.SecurityLog). */
    private static final System.Logger SECURITY = System.getLogger("io.sextant.security");

    private static final int BLOCK = 512;

    private ChartArchive() {}

    static void unpack(byte[] archive, Path into, RenderLimits limits, String shown) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(archive))) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            int entries = 0;
            long total = 0;
            while (true) {
                if (in.readNBytes(header, 0, BLOCK) < BLOCK || isZero(header)) {
                    return;
                }
                long size = octal(header, 124, 12, shown);
                char type = (char) header[156];
                String name = longName != null ? longName : name(header);
                longName = null;
                if (++entries > limits.maxTreeEntries()) {
                    throw new RepoException(
                            Reason.LIMIT_EXCEEDED, shown + " has more than " + limits.maxTreeEntries() + " entries");
                }
                if (type == 'L' || type == 'x') {
                    byte[] data = read(in, size, Math.min(size, 64 * 1024), shown);
                    String text = new String(data, StandardCharsets.UTF_8);
                    longName = type == 'L' ? text.replace("\0", "") : paxPath(text);
                    continue;
                }
                boolean file = type == '0' || type == '\0' || type == '7';
                if (file) {
                    if (size > limits.maxFileBytes()) {
                        throw new RepoException(
                                Reason.LIMIT_EXCEEDED,
                                shown + ": " + Redactor.printable(name) + " is larger than " + limits.maxFileBytes()
                                        + " bytes");
                    }
                    total += size;
                    if (total > limits.maxTotalBytes()) {
                        throw new RepoException(
                                Reason.LIMIT_EXCEEDED,
                                shown + " unpacks to more than " + limits.maxTotalBytes() + " bytes");
                    }
                    byte[] data = read(in, size, size, shown);
                    Path target = target(into, name, shown);
                    Files.createDirectories(target.getParent());
                    Files.write(target, data);
                } else {
                    if (type == '1' || type == '2') {
                        // A link in a chart archive is never followed; say so where an operator looks.
                        SECURITY.log(
                                System.Logger.Level.WARNING,
                                "left out a link of " + shown + ": " + Redactor.printable(name)
                                        + " (links in chart archives are never unpacked)");
                    }
                    skip(in, size, shown); // directories are made as files need them; links are left out
                }
            }
        } catch (IOException e) {
            throw new RepoException(
                    Reason.INVALID_MANIFEST, shown + " is not a valid chart archive: " + e.getMessage());
        }
    }

    private static Path target(Path into, String name, String shown) {
        String normalized = RepoPaths.normalize(name, shown + " entry");
        if (normalized.isEmpty()) {
            throw new RepoException(Reason.INVALID_MANIFEST, shown + " has an entry without a name");
        }
        Path target = into.resolve(normalized).normalize();
        if (!target.startsWith(into)) {
            throw new RepoException(
                    Reason.PATH_ESCAPE, shown + ": entry '" + Redactor.printable(name) + "' leads outside");
        }
        return target;
    }

    /** Reads an entry's data (keeping at most {@code keep} bytes) and its padding. */
    private static byte[] read(InputStream in, long size, long keep, String shown) throws IOException {
        byte[] data = in.readNBytes((int) keep);
        if (data.length < keep) {
            throw new IOException("truncated");
        }
        skipBytes(in, size - keep + padding(size));
        return data;
    }

    /** Skips an entry's data and padding. */
    private static void skip(InputStream in, long size, String shown) throws IOException {
        skipBytes(in, size + padding(size));
    }

    private static void skipBytes(InputStream in, long count) throws IOException {
        long left = count;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new IOException("truncated");
                }
                n = 1;
            }
            left -= n;
        }
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static String name(byte[] h) {
        String name = text(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? text(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(String records) {
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 6);
            }
        }
        return null;
    }

    private static String text(byte[] h, int from, int length) {
        int end = from;
        while (end < from + length && h[end] != 0) {
            end++;
        }
        return new String(h, from, end - from, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int from, int length, String shown) {
        String s = text(h, from, length).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new RepoException(Reason.INVALID_MANIFEST, shown + " is not a valid chart archive (bad size field)");
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
