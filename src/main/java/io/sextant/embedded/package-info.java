/**
 * The embedded default that {@code ./mvnw quarkus:dev} starts when no cluster is configured — the
 * testbed and a demo git server — and that tests reuse.
 *
 * <h2>Git server</h2>
 * {@link io.sextant.embedded.GitHttpServer} is a real smart-HTTP git server: it runs git's own
 * {@code git http-backend} as a CGI behind the JDK's {@code HttpServer}, bound to 127.0.0.1. Each bare
 * repository under its root is served at {@code http://127.0.0.1:<port>/<name>.git} once it is
 * registered, either anonymously (clone, fetch and push without credentials) or behind HTTP basic auth.
 * Nothing else is served: no dumb-protocol files, no unregistered directories, no path with {@code ..} or
 * percent-escapes. Each CGI process is killed when it outlives the request timeout. The server counts
 * requests per repository by kind ({@link io.sextant.embedded.RequestCounts}), which is how benchmarks
 * measure "git fetches per round".
 *
 * <h2>The kubercoins repository</h2>
 * {@link io.sextant.embedded.FixtureRepository} builds {@code kubercoins.git} from
 * {@code testbed/fixtures/kubercoins} the way the GitOps workshop's repository looks: branches
 * {@code master}, {@code prod} and {@code stage} hold the plain manifests at the repository root,
 * {@code helm} holds the chart {@code generic-service/} and {@code values/}, {@code kustomize} holds the
 * Kustomize variant; HEAD is {@code master}. The initial commits have a fixed author and date, so their
 * SHAs are the same on every run. Later changes go through a JGit working clone and a push through the
 * server, exactly as a person's {@code git commit && git push} would: they show up in the server's
 * request counts.
 *
 * <p>These classes are plain Java (no CDI); whoever starts them owns them and closes them.
 */
package io.sextant.embedded;
