package io.sextant.embedded;

/**
 * How many requests one repository of a {@link GitHttpServer} has served, by kind. A snapshot: it does
 * not change after it is taken; subtract two snapshots with {@link #minus} to count what happened between
 * them.
 *
 * @param infoRefs     {@code GET .../info/refs?service=...} ref advertisements (one per fetch, clone,
 *                     ls-remote or push)
 * @param uploadPack   {@code POST .../git-upload-pack} (fetch, clone, ls-remote; protocol v2 makes one
 *                     for {@code ls-refs} and one or more for {@code fetch})
 * @param receivePack  {@code POST .../git-receive-pack} (one per push)
 * @param unauthorized requests refused with 401 (not counted in the three above)
 */
public record RequestCounts(long infoRefs, long uploadPack, long receivePack, long unauthorized) {

    public static final RequestCounts NONE = new RequestCounts(0, 0, 0, 0);

    /** Requests served, of all kinds. */
    public long total() {
        return infoRefs + uploadPack + receivePack;
    }

    public RequestCounts minus(RequestCounts earlier) {
        return new RequestCounts(
                infoRefs - earlier.infoRefs,
                uploadPack - earlier.uploadPack,
                receivePack - earlier.receivePack,
                unauthorized - earlier.unauthorized);
    }
}
