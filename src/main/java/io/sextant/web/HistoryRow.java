package io.sextant.web;

import io.sextant.model.Application;
import io.sextant.model.RevisionHistory;
import io.sextant.service.RevisionInfo;
import java.util.ArrayList;
import java.util.List;

/** One HISTORY AND ROLLBACK row: id, revision with commit message and author, deployed at, initiated by. */
public record HistoryRow(
        long id,
        String revision,
        String shortRevision,
        String message,
        String author,
        String deployedAt,
        String initiatedBy,
        boolean current) {

    /** Newest first, as Argo shows it; the newest entry is what is deployed now. */
    static List<HistoryRow> of(Application app, RevisionInfo revisions) {
        List<RevisionHistory> history =
                app.getStatus() == null || app.getStatus().getHistory() == null
                        ? List.of()
                        : app.getStatus().getHistory();
        List<HistoryRow> rows = new ArrayList<>();
        for (int i = history.size() - 1; i >= 0; i--) {
            RevisionHistory h = history.get(i);
            String repo = h.getSource() != null
                    ? h.getSource().getRepoURL()
                    : app.getSpec().getSource() == null
                            ? null
                            : app.getSpec().getSource().getRepoURL();
            String rev = h.getRevision() == null ? "" : h.getRevision();
            var commit = revisions.commit(repo, rev);
            var by = h.getInitiatedBy();
            String who = by == null
                    ? ""
                    : Boolean.TRUE.equals(by.getAutomated())
                            ? "automated sync policy"
                            : by.getUsername() == null ? "" : by.getUsername();
            rows.add(new HistoryRow(
                    h.getId() == null ? -1 : h.getId(),
                    rev,
                    rev.length() > 7 ? rev.substring(0, 7) : rev,
                    commit.map(RevisionInfo.Commit::subject).orElse(""),
                    commit.map(RevisionInfo.Commit::author).orElse(""),
                    Times.ago(h.getDeployedAt()),
                    who,
                    i == history.size() - 1));
        }
        return rows;
    }
}
