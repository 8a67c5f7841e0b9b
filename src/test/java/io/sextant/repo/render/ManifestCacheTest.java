package io.sextant.repo.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.ApplicationSource;
import io.sextant.model.ApplicationSourceDirectory;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ManifestCacheTest {

    static final String URL = "https://git.example.com/team/app.git";
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    static final String OTHER_SHA = "89abcdef0123456789abcdef0123456789abcdef";

    static ApplicationSource source(String path, Boolean recurse) {
        ApplicationSource source = new ApplicationSource();
        source.setRepoURL(URL);
        source.setPath(path);
        if (recurse != null) {
            ApplicationSourceDirectory directory = new ApplicationSourceDirectory();
            directory.setRecurse(recurse);
            source.setDirectory(directory);
        }
        return source;
    }

    static RenderResult result(String name, long bytes) {
        ObjectNode cm =
                JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        cm.putObject("metadata").put("name", name);
        return new RenderResult(List.of(cm), "Directory", SHA, bytes, List.of());
    }

    @Test
    void keysTellApartCommitsPathsAndToolSettingsButNotSpellingsOfTheSameThing() {
        RenderContext ctx = RenderContext.of("app", "default");
        ManifestCache.Key key = ManifestCache.key(URL, SHA, source("app", null), ctx);
        assertThat(ManifestCache.key("https://git.example.com/team/app/", SHA, source("./app/", null), ctx))
                .isEqualTo(key);
        assertThat(ManifestCache.key(URL, OTHER_SHA, source("app", null), ctx)).isNotEqualTo(key);
        assertThat(ManifestCache.key(URL, SHA, source("other", null), ctx)).isNotEqualTo(key);
        assertThat(ManifestCache.key(URL, SHA, source("app", true), ctx)).isNotEqualTo(key);
        assertThat(ManifestCache.key(URL, SHA, source("app", true), ctx))
                .isNotEqualTo(ManifestCache.key(URL, SHA, source("app", false), ctx));
        assertThat(ManifestCache.key(URL, SHA, source("app", null), RenderContext.of("other-app", "default")))
                .isNotEqualTo(key);
    }

    @Test
    void aHitDoesNotRenderAgainAndFailuresAreNotCached() {
        ManifestCache cache = new ManifestCache();
        ManifestCache.Key key = ManifestCache.key(URL, SHA, source("app", null), RenderContext.defaults());
        AtomicInteger renders = new AtomicInteger();
        RenderResult first = cache.computeIfAbsent(key, () -> {
            renders.incrementAndGet();
            return result("a", 100);
        });
        assertThat(cache.computeIfAbsent(key, () -> {
                    renders.incrementAndGet();
                    return result("b", 100);
                }))
                .isSameAs(first);
        assertThat(renders).hasValue(1);
        assertThat(cache.hits()).isEqualTo(1);

        ManifestCache.Key failing = ManifestCache.key(URL, OTHER_SHA, source("app", null), RenderContext.defaults());
        assertThatThrownBy(() -> cache.computeIfAbsent(failing, () -> {
                    throw new IllegalStateException("render failed");
                }))
                .hasMessage("render failed");
        assertThat(cache.get(failing)).isEmpty();
    }

    @Test
    void leastRecentlyUsedEntriesGoFirstWhenEntriesOrBytesRunOut() {
        ManifestCache cache = new ManifestCache(2, 1000);
        RenderContext ctx = RenderContext.defaults();
        ManifestCache.Key a = ManifestCache.key(URL, SHA, source("a", null), ctx);
        ManifestCache.Key b = ManifestCache.key(URL, SHA, source("b", null), ctx);
        ManifestCache.Key c = ManifestCache.key(URL, SHA, source("c", null), ctx);
        cache.put(a, result("a", 100));
        cache.put(b, result("b", 100));
        cache.get(a); // a is now more recent than b
        cache.put(c, result("c", 100));
        assertThat(cache.get(b)).isEmpty();
        assertThat(cache.get(a)).isPresent();
        assertThat(cache.get(c)).isPresent();

        cache.put(b, result("b", 950)); // bytes bound: everything older goes
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.bytes()).isEqualTo(950);
        cache.put(a, result("too-big", 5000));
        assertThat(cache.get(a)).as("larger than the whole cache: not kept").isEmpty();
    }

    @Test
    void invalidateDropsEveryEntryOfOneRepositoryWhateverTheUrlSpelling() {
        ManifestCache cache = new ManifestCache();
        RenderContext ctx = RenderContext.defaults();
        ManifestCache.Key mine = ManifestCache.key(URL, SHA, source("a", null), ctx);
        ManifestCache.Key mineOtherSha = ManifestCache.key(URL, OTHER_SHA, source("a", null), ctx);
        ManifestCache.Key other =
                ManifestCache.key("https://git.example.com/team/other.git", SHA, source("a", null), ctx);
        cache.put(mine, result("a", 10));
        cache.put(mineOtherSha, result("a", 10));
        cache.put(other, result("o", 10));
        cache.invalidate("https://git.example.com/team/app/");
        assertThat(cache.get(mine)).isEmpty();
        assertThat(cache.get(mineOtherSha)).isEmpty();
        assertThat(cache.get(other)).isPresent();
        assertThat(cache.bytes()).isEqualTo(10);
    }
}
