package io.sextant.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custom health checks written in Lua in the settings, as an Argo CD user writes them in argocd-cm:
 * what the resource's health then reads, and that a script can neither escape its sandbox nor hang or
 * exhaust the controller.
 */
class LuaHealthCheckTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final LuaHealthRunner RUNNER = new LuaHealthRunner();

    /** The cert-manager check from Argo CD's documentation, unchanged. */
    private static final String CERTIFICATE_CHECK = """
            hs = {}
            if obj.status ~= nil then
              if obj.status.conditions ~= nil then
                for i, condition in ipairs(obj.status.conditions) do
                  if condition.type == "Ready" and condition.status == "False" then
                    hs.status = "Degraded"
                    hs.message = condition.message
                    return hs
                  end
                  if condition.type == "Ready" and condition.status == "True" then
                    hs.status = "Healthy"
                    hs.message = condition.message
                    return hs
                  end
                end
              end
            end
            hs.status = "Progressing"
            hs.message = "Waiting for certificate"
            return hs
            """;

    @AfterAll
    static void close() {
        RUNNER.close();
    }

    @Test
    void customCheckGivesACustomResourceAHealth() throws Exception {
        HealthAssessor assessor =
                assessor(Map.of("resource.customizations.health.cert-manager.io_Certificate", CERTIFICATE_CHECK));
        ObjectNode ready = object("""
                apiVersion: cert-manager.io/v1
                kind: Certificate
                metadata: {name: webui-tls, namespace: kubercoins}
                status:
                  conditions:
                  - {type: Ready, status: "True", message: Certificate is up to date and has not expired}
                """);
        ObjectNode failing = object("""
                apiVersion: cert-manager.io/v1
                kind: Certificate
                metadata: {name: webui-tls, namespace: kubercoins}
                status:
                  conditions:
                  - {type: Ready, status: "False", message: Issuing certificate as Secret does not exist}
                """);
        ObjectNode fresh = object("""
                apiVersion: cert-manager.io/v1
                kind: Certificate
                metadata: {name: webui-tls}
                """);

        assertThat(assessor.assess(ready, Children.NONE))
                .contains(Health.healthy("Certificate is up to date and has not expired"));
        assertThat(assessor.assess(failing, Children.NONE))
                .contains(Health.degraded("Issuing certificate as Secret does not exist"));
        assertThat(assessor.assess(fresh, Children.NONE)).contains(Health.progressing("Waiting for certificate"));
        assertThat(new HealthAssessor().assess(fresh, Children.NONE))
                .as("no conditions, no script: no health")
                .isEmpty();
        assertThat(new HealthAssessor().assess(failing, Children.NONE))
                .as("without the script its conditions say")
                .contains(Health.degraded("Issuing certificate as Secret does not exist"));
    }

    @Test
    void customCheckOverridesTheBuiltInRuleOfACoreKind() throws Exception {
        ObjectNode ingress = object("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: webui}
                status: {loadBalancer: {}}
                """);
        ObjectNode pod = object("""
                apiVersion: v1
                kind: Pod
                metadata: {name: worker-1}
                spec: {restartPolicy: Always}
                status: {phase: Pending}
                """);
        HealthAssessor assessor = assessor(Map.of(
                // Argo CD's documented remedy for ingress controllers that never publish an address.
                "resource.customizations.health.networking.k8s.io_Ingress",
                "return {status = 'Healthy', message = 'no address expected'}",
                // Core kinds have no group: the key is the kind alone.
                "resource.customizations.health.Pod",
                "return {status = 'Suspended', message = obj.metadata.name}"));

        assertThat(new HealthAssessor()
                        .assess(ingress, Children.NONE)
                        .orElseThrow()
                        .status())
                .isEqualTo("Progressing");
        assertThat(assessor.assess(ingress, Children.NONE)).contains(Health.healthy("no address expected"));
        assertThat(assessor.assess(pod, Children.NONE)).contains(Health.suspended("worker-1"));

        // A script that gives no health (nil) leaves the verdict to the built-in rule.
        HealthAssessor silent = assessor(Map.of(
                "resource.customizations.health.networking.k8s.io_Ingress",
                "if obj.status.loadBalancer.ingress ~= nil then return {status = 'Healthy'} end"));
        assertThat(silent.assess(ingress, Children.NONE).orElseThrow().status()).isEqualTo("Progressing");
    }

    @Test
    void wildcardKeyCoversEveryMatchingGroupAndKindButAnExactKeyWins() throws Exception {
        HealthAssessor assessor = assessor(Map.of(
                "resource.customizations.health.*.aws.crossplane.io_*", "return {status = 'Degraded', message = 'aws'}",
                "resource.customizations.health.s3.aws.crossplane.io_Bucket", "return {status = 'Healthy'}"));

        assertThat(assessor.assess(
                        object("{apiVersion: ec2.aws.crossplane.io/v1beta1, kind: Instance}"), Children.NONE))
                .contains(Health.degraded("aws"));
        assertThat(assessor.assess(
                        object("{apiVersion: rds.aws.crossplane.io/v1alpha1, kind: DBCluster}"), Children.NONE))
                .contains(Health.degraded("aws"));
        assertThat(assessor.assess(object("{apiVersion: s3.aws.crossplane.io/v1beta1, kind: Bucket}"), Children.NONE))
                .contains(Health.healthy(""));
        assertThat(assessor.assess(object("{apiVersion: compute.gcp.crossplane.io/v1, kind: Instance}"), Children.NONE))
                .isEmpty();
    }

    @Test
    void legacyResourceCustomizationsBlockIsReadToo() throws Exception {
        HealthAssessor assessor = assessor(Map.of("resource.customizations", """
                argoproj.io/Rollout:
                  health.lua: |
                    return {status = "Healthy", message = "from the legacy block"}
                """));
        assertThat(assessor.assess(object("{apiVersion: argoproj.io/v1alpha1, kind: Rollout}"), Children.NONE))
                .contains(Health.healthy("from the legacy block"));
    }

    @Test
    void scriptCannotRunProgramsOrReadFiles(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("pwned");
        ObjectNode pod = object("{apiVersion: v1, kind: Pod, metadata: {name: p}}");
        for (String escape : new String[] {
            "os.execute('touch " + marker + "')",
            "io.open('/etc/passwd'):read('*a')",
            "local f = io.popen('id')",
            "require('io')",
            "load('return 1')()",
            "loadstring('return 1')()",
            "dofile('/etc/passwd')",
            "debug.sethook()",
            "luajava.bindClass('java.lang.System'):exit(1)",
            "package.loadlib('libc.so.6', 'system')",
            "os.exit(1)",
            "os.remove('" + marker + "')",
            "coroutine.create(function() end)",
        }) {
            Health h = RUNNER.run("Pod", escape + "\nreturn {status = 'Healthy'}", pod);
            assertThat(h.status()).as(escape).isEqualTo("Unknown");
            assertThat(h.message()).as(escape).startsWith("Pod:1 attempt to");
        }
        assertThat(Files.exists(marker)).isFalse();
    }

    @Test
    void sandboxKeepsWhatDataScriptsUse() throws Exception {
        ObjectNode pod = object("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p, labels: {app: worker}}
                status: {conditions: [{type: Ready, status: "True"}, {type: PodScheduled, status: "True"}]}
                """);
        String script = """
                local n = 0
                for _, c in ipairs(obj.status.conditions) do n = n + 1 end
                local keys = {}
                for k, _ in pairs(obj.metadata.labels) do table.insert(keys, k) end
                table.sort(keys)
                local when = os.date("!%Y-%m-%d", os.time({year = 2025, month = 1, day = 2, hour = 12}))
                return {status = "Healthy", message = string.format("%d %s %s %s %d %s", n, table.concat(keys, ","),
                    string.upper(obj.metadata.name), ("x"):rep(3), math.max(table.getn({1, 2}), #unpack({{}})), when)}
                """;
        assertThat(RUNNER.run("Pod", script, pod)).isEqualTo(Health.healthy("2 app P xxx 2 2025-01-02"));
    }

    @Test
    void infiniteLoopTimesOutWithinABound() throws Exception {
        ObjectNode obj = object("{apiVersion: v1, kind: Pod}");
        for (String loop : new String[] {
            "while true do end",
            // pcall and xpcall catch Lua errors, not the watchdog's stop.
            "while true do pcall(function() while true do end end) end",
            "xpcall(function() error('x') end, function() while true do end end) while true do end",
            "local function f() return f() end return f()", // a proper tail call loops without growing
        }) {
            long start = System.nanoTime();
            Health h = RUNNER.run("Pod", loop, obj);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(h).as(loop).isEqualTo(Health.unknown("health check script timed out"));
            assertThat(took).as(loop).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void scriptStuckInsideALibraryFunctionIsStillCutOff() throws Exception {
        // A backtracking pattern runs inside LuaJ's string library, out of the watchdog's sight.
        String script = "local s = string.rep('a', 3000) string.find(s, 'a-a-a-a-a-a-a-b') return {status='Healthy'}";
        long start = System.nanoTime();
        Health h = RUNNER.run("Pod", script, object("{kind: Pod}"));
        assertThat(h).isEqualTo(Health.unknown("health check script timed out"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        // And the next script runs normally.
        assertThat(RUNNER.run("Pod", "return {status = 'Healthy'}", object("{kind: Pod}")))
                .isEqualTo(Health.healthy(""));
    }

    @Test
    void memoryHungryScriptIsStopped() throws Exception {
        ObjectNode obj = object("{kind: Pod}");
        assertThat(RUNNER.run("Pod", "local s = 'x' while true do s = s .. s end", obj))
                .isEqualTo(Health.unknown("health check script exceeded its memory limit"));
        assertThat(RUNNER.run("Pod", "return {status = 'Healthy', message = string.rep('x', 1e9)}", obj)
                        .message())
                .contains("string.rep result too large");
        assertThat(RUNNER.run("Pod", "return {status = 'Healthy', message = ('ab'):rep(2^30)}", obj)
                        .message())
                .contains("string.rep result too large");
        assertThat(RUNNER.run("Pod", "local t = {} return unpack(t, 1, 1e8)", obj)
                        .message())
                .contains("too many results to unpack");
        assertThat(RUNNER.run("Pod", "local s = string.rep('x', 1e6) return s:gsub('x', '%0%0%0%0')", obj)
                        .message())
                .contains("string.gsub result too large");
        assertThat(RUNNER.run(
                                "Pod",
                                "local t = {} local s = string.rep('x', 1e6) "
                                        + "for i = 1, 100 do t[i] = s end return table.concat(t)",
                                obj)
                        .message())
                .contains("table.concat result too large");
    }

    @Test
    void scriptErrorsBecomeUnknownWithTheErrorMessage() throws Exception {
        ObjectNode obj = object("{kind: Pod, metadata: {name: p}}");
        assertThat(RUNNER.run("Pod", "error('condition Ready missing')", obj))
                .isEqualTo(Health.unknown("Pod:1 condition Ready missing"));
        assertThat(RUNNER.run("Pod", "return {status = obj.status.phase}", obj))
                .isEqualTo(Health.unknown("Pod:1 attempt to index ? (a nil value)"));
        assertThat(RUNNER.run("Pod", "hs = {status = 'Healthy'", obj).message())
                .startsWith("health check script does not compile: ");
        assertThat(RUNNER.run("Pod", "return {status = 'Fine'}", obj))
                .isEqualTo(Health.unknown("Lua returned an invalid health status"));
        assertThat(RUNNER.run("Pod", "return {status = 3}", obj))
                .isEqualTo(Health.unknown("Lua returned an invalid health status"));
        // No health at all (nil, or {}): the built-in rule decides, as gitops-engine falls back.
        assertThat(RUNNER.run("Pod", "hs = {status = 'Healthy'}", obj)).isNull();
        assertThat(RUNNER.run("Pod", "return {}", obj)).isNull();
        assertThat(RUNNER.run("Pod", "return 'Healthy'", obj))
                .isEqualTo(Health.unknown("expect table output from Lua script, not string"));
        assertThat(RUNNER.run("Pod", "local function f(n) return 1 + f(n + 1) end return {status = f(1)}", obj))
                .isEqualTo(Health.unknown("Pod:1 stack overflow"));
    }

    @Test
    void runsDoNotSeeEachOthersChanges() throws Exception {
        ObjectNode obj = object("{kind: Pod}");
        RUNNER.run(
                "Pod",
                "string.upper = nil table.insert = nil leaked = 'yes' "
                        + "local mt = getmetatable('') if mt then mt.__index.upper = nil end return {status = 'Healthy'}",
                obj);
        assertThat(RUNNER.run(
                        "Pod",
                        "return {status = 'Healthy', message = tostring(leaked) .. ('ok'):upper() "
                                + ".. string.upper('!') .. type(table.insert)}",
                        obj))
                .isEqualTo(Health.healthy("nilOK!function"));
    }

    @Test
    void secretValuesNeverReachTheHealthMessage() throws Exception {
        HealthAssessor assessor = assessor(Map.of(
                "resource.customizations.health.Secret",
                "if obj.data ~= nil then error('bad password ' .. obj.data.password) end "
                        + "return {status = 'Healthy', message = obj.stringData.token}"));
        ObjectNode withData = object("""
                apiVersion: v1
                kind: Secret
                metadata: {name: db}
                data: {password: c3VwZXJzZWNyZXQ=}
                """);
        ObjectNode withStringData = object("""
                apiVersion: v1
                kind: Secret
                metadata: {name: api}
                stringData: {token: tok-12345}
                """);
        assertThat(assessor.assess(withData, Children.NONE))
                .contains(Health.unknown("message withheld: it contained a value of the Secret"));
        assertThat(assessor.assess(withStringData, Children.NONE))
                .contains(Health.healthy("message withheld: it contained a value of the Secret"));
    }

    @Test
    void settingsKeysFollowArgoCd() {
        HealthCustomizations c = HealthCustomizations.fromSettings(Map.of(
                "resource.customizations.health.cert-manager.io_Certificate", "return {status='Healthy'}",
                "resource.customizations.health.Service", "return {status='Healthy'}",
                "resource.customizations.health._ConfigMap", "return {status='Healthy'}",
                "resource.customizations.health.a_b_c", "return {status='Healthy'}",
                "resource.customizations.ignoreDifferences.apps_Deployment", "jsonPointers: [/spec/replicas]",
                "url", "https://sextant.example.com"));
        assertThat(c.lookup("cert-manager.io", "Certificate")).isPresent();
        assertThat(c.lookup("", "Service")).isPresent();
        assertThat(c.lookup("", "ConfigMap")).isPresent();
        assertThat(c.lookup("apps", "Deployment")).isEmpty();
        assertThat(c.warnings()).singleElement().asString().contains("resource.customizations.health.a_b_c");
    }

    private static HealthAssessor assessor(Map<String, String> settings) {
        return new HealthAssessor(new CustomHealthChecks(HealthCustomizations.fromSettings(settings), RUNNER));
    }

    private static ObjectNode object(String yaml) throws Exception {
        return (ObjectNode) YAML.readTree(yaml);
    }

    /** Issue 21: a null inside a JSON list is dropped, as gopher-lua drops it, so # and ipairs see the rest. */
    @Test
    void nullsInsideListsAreDropped() throws Exception {
        ObjectNode obj = object("{kind: Pod, status: {conditions: [null, {type: Ready}, null, {type: Other}]}}");
        assertThat(RUNNER.run(
                        "Pod",
                        "local n = 0 for i, c in ipairs(obj.status.conditions) do n = n + 1 end "
                                + "return {status = 'Healthy', message = #obj.status.conditions .. ' ' .. n}",
                        obj))
                .isEqualTo(Health.healthy("2 2"));
    }
}
