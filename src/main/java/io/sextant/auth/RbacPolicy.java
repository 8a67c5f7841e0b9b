package io.sextant.auth;

import com.googlecode.aviator.runtime.function.FunctionUtils;
import com.googlecode.aviator.runtime.type.AviatorBoolean;
import com.googlecode.aviator.runtime.type.AviatorObject;
import io.sextant.model.Glob;
import io.sextant.model.ProjectRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;
import org.casbin.jcasbin.util.function.CustomFunction;

/**
 * Argo CD's RBAC: {@code policy.csv} lines {@code p, subject, resource, action, object, allow|deny} and
 * {@code g, user-or-group, role}, the built-in {@code role:readonly} and {@code role:admin} (with
 * {@code admin} in role:admin), and {@code policy.default}, evaluated by jCasbin with Argo's model:
 * resource, action and object match as globs ({@code *} crosses {@code /}), and a deny beats an
 * allow for the same subject. A subject is allowed when its username, one of its groups or the
 * default role is. AppProjects add their roles ({@link #projectRoles}). Immutable once built; thread-safe.
 */
public final class RbacPolicy {

    /** Argo's resources and actions Sextant checks. */
    public static final String APPLICATIONS = "applications";

    public static final String PROJECTS = "projects";
    public static final String APPLICATIONSETS = "applicationsets";
    public static final String REPOSITORIES = "repositories";
    public static final String CLUSTERS = "clusters";
    public static final String ACCOUNTS = "accounts";
    public static final String LOGS = "logs";

    private static final String MODEL = """
            [request_definition]
            r = sub, res, act, obj
            [policy_definition]
            p = sub, res, act, obj, eft
            [role_definition]
            g = _, _
            [policy_effect]
            e = some(where (p.eft == allow)) && !some(where (p.eft == deny))
            [matchers]
            m = g(r.sub, p.sub) && sextantGlob(r.res, p.res) && sextantGlob(r.act, p.act) && sextantGlob(r.obj, p.obj)
            """;

    /** What role:readonly and role:admin may do, as Argo's built-in policy grants it. */
    static final String BUILT_IN = """
            p, role:readonly, applications, get, */*, allow
            p, role:readonly, applicationsets, get, */*, allow
            p, role:readonly, clusters, get, *, allow
            p, role:readonly, repositories, get, *, allow
            p, role:readonly, projects, get, *, allow
            p, role:readonly, accounts, get, *, allow
            p, role:readonly, logs, get, */*, allow
            p, role:admin, applications, *, */*, allow
            p, role:admin, applicationsets, *, */*, allow
            p, role:admin, clusters, *, *, allow
            p, role:admin, repositories, *, *, allow
            p, role:admin, projects, *, *, allow
            p, role:admin, accounts, *, *, allow
            p, role:admin, logs, *, */*, allow
            g, role:admin, role:readonly
            g, admin, role:admin
            """;

    private final Enforcer enforcer;
    private final String defaultRole;
    /** Decisions made, per policy (a new policy starts empty); bounded by clearing when full. */
    private final Map<String, Boolean> decisions = new ConcurrentHashMap<>();

    private static final int MAX_DECISIONS = 100_000;

    /** Whether some line on applications names apps (see {@link #appNamesMatter}). */
    private final boolean appNamesMatter;

    private RbacPolicy(Enforcer enforcer, String defaultRole) {
        this.enforcer = enforcer;
        this.defaultRole = defaultRole;
        this.appNamesMatter = enforcer.getPolicy().stream()
                .anyMatch(line -> matchesApplications(line.get(1)) && !nameBlind(line.get(3)));
    }

    /**
     * Whether a decision on an app can depend on its name. When no line on {@code applications} has an
     * object pattern that could tell two apps of one project and namespace apart, a list of 50,000 apps
     * decides once per project and namespace instead of once per app.
     */
    public boolean appNamesMatter() {
        return appNamesMatter;
    }

    private static boolean matchesApplications(String resourcePattern) {
        if (resourcePattern.equals(APPLICATIONS) || resourcePattern.equals("*")) {
            return true;
        }
        try {
            return Glob.compile(resourcePattern, "RBAC pattern").matches(APPLICATIONS);
        } catch (RuntimeException e) {
            return false; // a malformed pattern matches nothing (GlobFunction)
        }
    }

    /**
     * Whether an object pattern matches every app of a project and namespace alike: {@code *}, or
     * {@code X/*} (X alone decides, and X can only reach the project and namespace parts of
     * {@code project/name} or {@code project/namespace/name}: a name has no '/'). Braces and classes could
     * hide the last '/' inside them, so a pattern with them counts as naming apps.
     */
    static boolean nameBlind(String objectPattern) {
        return objectPattern.equals("*")
                || (objectPattern.endsWith("/*") && objectPattern.indexOf('{') < 0 && objectPattern.indexOf('[') < 0);
    }

    /**
     * The policy of {@code csv} (sextant-rbac-cm's {@code policy.csv}, may be null) on top of the
     * built-in one, with {@code defaultRole} ({@code policy.default}, may be blank) for everyone.
     *
     * @throws IllegalArgumentException naming the line that cannot be read
     */
    public static RbacPolicy of(String csv, String defaultRole) {
        return of(csv, defaultRole, List.of());
    }

    /**
     * As {@link #of(String, String)}, plus the roles of AppProjects ({@link #projectRoles}), whose lines
     * were checked when they were made.
     */
    public static RbacPolicy of(String csv, String defaultRole, List<String> projectRoleLines) {
        Model model = new Model();
        model.loadModelFromText(MODEL);
        Enforcer enforcer = new Enforcer(model);
        enforcer.enableLog(false); // it would log every decision: one line per request and app listed
        enforcer.addFunction("sextantGlob", new GlobFunction());
        enforcer.enableAutoBuildRoleLinks(false);
        load(enforcer, BUILT_IN, "built-in policy");
        if (csv != null) {
            load(enforcer, csv, "policy.csv");
        }
        for (String lines : projectRoleLines) {
            load(enforcer, lines, "project roles");
        }
        enforcer.buildRoleLinks();
        return new RbacPolicy(enforcer, defaultRole == null || defaultRole.isBlank() ? null : defaultRole.trim());
    }

    /** Whether {@code subject} may do {@code action} on {@code resource} {@code object}. */
    public boolean allows(Subject subject, String resource, String action, String object) {
        // A list of 10,000 apps asks 10,000 times per request; jCasbin evaluates every policy line each time.
        String key = subject.username()
                + '\u0000'
                + String.join(",", subject.groups())
                + '\u0000'
                + resource
                + '\u0000'
                + action
                + '\u0000'
                + object;
        Boolean known = decisions.get(key);
        if (known != null) {
            return known;
        }
        boolean allowed = decide(subject, resource, action, object);
        if (decisions.size() >= MAX_DECISIONS) {
            decisions.clear();
        }
        decisions.put(key, allowed);
        return allowed;
    }

    private boolean decide(Subject subject, String resource, String action, String object) {
        if (enforcer.enforce(subject.username(), resource, action, object)) {
            return true;
        }
        for (String group : subject.groups()) {
            if (enforcer.enforce(group, resource, action, object)) {
                return true;
            }
        }
        return defaultRole != null && enforcer.enforce(defaultRole, resource, action, object);
    }

    /**
     * The policy lines of one AppProject's {@code spec.roles}, as Argo CD reads them: a role
     * {@code <role>} of project {@code <project>} is the subject {@code proj:<project>:<role>}; its
     * {@code policies} are {@code p} lines for that subject only, on objects of that project only
     * ({@code <project>/...}); each of its {@code groups} gets the role. A line that breaks those rules
     * (one project granting rights elsewhere) is left out and named in {@code refused}.
     */
    private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9]([-_A-Za-z0-9]*[A-Za-z0-9])?");

    private static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    public static String projectRoles(String project, List<ProjectRole> roles, List<String> refused) {
        StringBuilder out = new StringBuilder();
        for (ProjectRole role : roles == null ? List.<ProjectRole>of() : roles) {
            if (role.getName() == null || role.getName().isBlank()) {
                continue;
            }
            // A name with a newline or comma would write lines of its own into the policy (or make it fail
            // to load, freezing the last one: security review L7). Argo CD's rule for role names.
            if (!ROLE_NAME.matcher(role.getName().strip()).matches()) {
                refused.add("project " + project + " role '" + printable(role.getName()) + "': a role name is letters,"
                        + " digits, '-' and '_', starting and ending with a letter or digit");
                continue;
            }
            String subject = "proj:" + project + ":" + role.getName().strip();
            for (String line : role.getPolicies() == null ? List.<String>of() : role.getPolicies()) {
                if (line == null || line.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    refused.add("project " + project + " role " + role.getName() + ": a policy line with a line break"
                            + " or control character: '" + printable(String.valueOf(line)) + "'");
                    continue;
                }
                List<String> f = fields(line);
                boolean ok = f.size() >= 5
                        && f.size() <= 6
                        && f.get(0).equals("p")
                        && f.get(1).equals(subject)
                        && (f.get(4).startsWith(project + "/")
                                || (f.get(2).equals(PROJECTS) && f.get(4).equals(project)))
                        && !f.get(4).contains("\n");
                if (ok) {
                    out.append(String.join(", ", f)).append('\n');
                } else {
                    refused.add("project " + project + " role " + role.getName() + ": '" + line.strip()
                            + "' (a project role's lines are 'p, " + subject + ", resource, action, " + project
                            + "/object, allow|deny')");
                }
            }
            for (String group : role.getGroups() == null ? List.<String>of() : role.getGroups()) {
                if (group != null
                        && !group.isBlank()
                        && !group.contains(",")
                        && group.strip().chars().noneMatch(c -> c < 0x20 || c == 0x7f)) {
                    out.append("g, ")
                            .append(group.strip())
                            .append(", ")
                            .append(subject)
                            .append('\n');
                }
            }
        }
        return out.toString();
    }

    private static void load(Enforcer enforcer, String csv, String where) {
        int lineNo = 0;
        for (String raw : csv.split("\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = fields(line);
            switch (fields.get(0)) {
                case "p" -> {
                    if (fields.size() == 5) {
                        fields.add("allow");
                    }
                    if (fields.size() != 6
                            || fields.subList(1, 5).stream().anyMatch(String::isEmpty)
                            || !(fields.get(5).equals("allow") || fields.get(5).equals("deny"))) {
                        throw bad(where, lineNo, "a policy line is 'p, subject, resource, action, object, allow|deny'");
                    }
                    enforcer.addPolicy(fields.subList(1, 6));
                }
                case "g" -> {
                    if (fields.size() != 3
                            || fields.get(1).isEmpty()
                            || fields.get(2).isEmpty()) {
                        throw bad(where, lineNo, "a group line is 'g, user-or-group, role'");
                    }
                    enforcer.addGroupingPolicy(fields.subList(1, 3));
                }
                default -> throw bad(where, lineNo, "a line starts with 'p' or 'g'");
            }
        }
    }

    /** A CSV policy line's fields, trimmed (Argo's lines hold no quoted commas). */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        for (String f : line.split(",", -1)) {
            out.add(f.strip());
        }
        return out;
    }

    private static IllegalArgumentException bad(String where, int line, String rule) {
        return new IllegalArgumentException(where + " line " + line + " cannot be read: " + rule);
    }

    /** {@code sextantGlob(value, pattern)}: Argo's glob; a malformed pattern matches nothing. */
    private static final class GlobFunction extends CustomFunction {
        private static final long serialVersionUID = 1L;
        private final transient Map<String, Glob> compiled = new ConcurrentHashMap<>();

        @Override
        public AviatorObject call(Map<String, Object> env, AviatorObject value, AviatorObject pattern) {
            String v = FunctionUtils.getStringValue(value, env);
            String p = FunctionUtils.getStringValue(pattern, env);
            if (p.equals(v) || p.equals("*")) {
                return AviatorBoolean.TRUE;
            }
            Glob glob = compiled.computeIfAbsent(p, key -> {
                try {
                    return Glob.compile(key, "RBAC pattern");
                } catch (RuntimeException e) {
                    return null;
                }
            });
            return AviatorBoolean.valueOf(glob != null && glob.matches(v));
        }

        @Override
        public String getName() {
            return "sextantGlob";
        }
    }
}
