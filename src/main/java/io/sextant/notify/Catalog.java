package io.sextant.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The triggers and templates built in, under the names of Argo CD's notifications catalogue
 * (operator-manual/notifications/catalog): a key of {@code sextant-notifications-cm} with the same name replaces
 * one. Conditions follow the catalogue of Argo CD 3 (once per synced revision for the sync and health triggers,
 * once per app for created and deleted), except on-deployed: it leaves out the catalogue's comparison of the
 * health's transition time (Sextant's status has no health transition time) and is sent once per sync operation
 * that succeeded with the app Healthy (keyed by the operation's revision and start), where the catalogue sends
 * once per revision. The texts are ours.
 */
final class Catalog {

    private static final String PER_REVISION = "app.status.operationState?.syncResult?.revision";
    /**
     * on-deployed's key: the operation's start (one or several sources alike), so each sync that ends healthy is told once, a
     * rollback to an earlier commit included (Argo's catalogue keys it by revision alone, so a rollback to a
     * commit deployed before says nothing; the issue this serves asks for the rollback to be told).
     */
    private static final String PER_DEPLOYMENT = "app.status.operationState.startedAt";

    private static final String DETAILS = "{{.context.argocdUrl}}/applications/{{.app.metadata.name}}";

    private Catalog() {}

    /** The built-in keys, as they would stand in the ConfigMap. */
    static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        trigger(d, "on-created", "Application is created.", "true", "app.metadata.name", "app-created");
        trigger(
                d,
                "on-deleted",
                "Application is deleted.",
                "app.metadata.deletionTimestamp != nil",
                "app.metadata.name",
                "app-deleted");
        trigger(
                d,
                "on-deployed",
                "Application is synced and healthy. Triggered once per commit.",
                "app.status.operationState != nil and app.status.operationState.phase in ['Succeeded']"
                        + " and app.status.health.status == 'Healthy'",
                PER_DEPLOYMENT,
                "app-deployed");
        trigger(
                d,
                "on-health-degraded",
                "Application has degraded",
                "app.status.health.status == 'Degraded'",
                PER_REVISION,
                "app-health-degraded");
        trigger(
                d,
                "on-sync-failed",
                "Application syncing has failed",
                "app.status.operationState != nil and app.status.operationState.phase in ['Error', 'Failed']",
                PER_REVISION,
                "app-sync-failed");
        trigger(
                d,
                "on-sync-running",
                "Application is being synced",
                "app.status.operationState != nil and app.status.operationState.phase in ['Running']",
                PER_REVISION,
                "app-sync-running");
        trigger(
                d,
                "on-sync-status-unknown",
                "Application status is 'Unknown'",
                "app.status.sync.status == 'Unknown'",
                PER_REVISION,
                "app-sync-status-unknown");
        trigger(
                d,
                "on-sync-succeeded",
                "Application syncing has succeeded",
                "app.status.operationState != nil and app.status.operationState.phase in ['Succeeded']",
                PER_REVISION,
                "app-sync-succeeded");
        template(
                d,
                "app-created",
                "Application {{.app.metadata.name}} was created.",
                "Application {{.app.metadata.name}} was created.");
        template(
                d,
                "app-deleted",
                "Application {{.app.metadata.name}} was deleted.",
                "Application {{.app.metadata.name}} was deleted.");
        template(
                d,
                "app-deployed",
                "Application {{.app.metadata.name}} runs a new version.",
                "{{if eq .serviceType \"slack\"}}:white_check_mark: {{end}}Application {{.app.metadata.name}} is synced"
                        + " and healthy{{with .app.status.sync.revision}} at revision {{.}}{{end}}"
                        + "{{with .app.status.sync.revisions}} at revisions {{join \", \" .}}{{end}}.\nDetails: "
                        + DETAILS
                        + "\n");
        template(
                d,
                "app-health-degraded",
                "Application {{.app.metadata.name}} is degraded.",
                "{{if eq .serviceType \"slack\"}}:exclamation: {{end}}Application {{.app.metadata.name}} is degraded."
                        + "\nDetails: " + DETAILS + "\n");
        template(
                d,
                "app-sync-failed",
                "Sync of application {{.app.metadata.name}} failed.",
                "{{if eq .serviceType \"slack\"}}:exclamation: {{end}}The sync of application {{.app.metadata.name}}"
                        + " failed at {{.app.status.operationState.finishedAt}}: {{.app.status.operationState.message}}"
                        + "\nDetails: " + DETAILS + "?operation=true\n");
        template(
                d,
                "app-sync-running",
                "Sync of application {{.app.metadata.name}} started.",
                "The sync of application {{.app.metadata.name}} started at {{.app.status.operationState.startedAt}}."
                        + "\nDetails: " + DETAILS + "?operation=true\n");
        template(
                d,
                "app-sync-status-unknown",
                "Application {{.app.metadata.name}} sync status is 'Unknown'",
                "{{if eq .serviceType \"slack\"}}:exclamation: {{end}}The sync status of application"
                        + " {{.app.metadata.name}} is 'Unknown'.\nDetails: " + DETAILS + "\n"
                        + "{{range $c := .app.status.conditions}}* {{$c.message}}\n{{end}}");
        template(
                d,
                "app-sync-succeeded",
                "Application {{.app.metadata.name}} was synced.",
                "{{if eq .serviceType \"slack\"}}:white_check_mark: {{end}}Application {{.app.metadata.name}} was"
                        + " synced at {{.app.status.operationState.finishedAt}}.\nDetails: " + DETAILS
                        + "?operation=true\n");
        return d;
    }

    private static void trigger(
            Map<String, String> d, String name, String description, String when, String oncePer, String template) {
        d.put(
                "trigger." + name,
                "- description: " + quote(description) + "\n  when: " + quote(when) + "\n  oncePer: " + quote(oncePer)
                        + "\n  send: [" + template + "]\n");
    }

    private static void template(Map<String, String> d, String name, String subject, String message) {
        d.put("template." + name, "message: " + quote(message) + "\nemail:\n  subject: " + quote(subject) + "\n");
    }

    /** A YAML double-quoted scalar. */
    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
