/**
 * Use cases shared by {@code api} and {@code web}: list, get, create, sync, rollback ... Each
 * checks RBAC and only writes the Application (spec or {@code operation});
 * the controller does the work. Neither the API nor the pages touch Kubernetes except here.
 *
 * <p>Applications have one service per job: {@link io.sextant.service.ApplicationService} finds and
 * reads them (and resolves references, served namespaces and RBAC objects for the others),
 * {@link io.sextant.service.ApplicationEditor} creates, changes and deletes them after
 * {@link io.sextant.service.ApplicationValidator}'s checks, {@link io.sextant.service.ApplicationOperations}
 * starts and stops syncs and rollbacks, {@link io.sextant.service.ApplicationRefresher} asks for refreshes,
 * and {@link io.sextant.service.GitRevertService} reverts in Git. ApplicationSets have
 * {@link io.sextant.service.ApplicationSetService} (Argo's RBAC object {@code <project>/<set>}); the
 * applicationset role, not this package, turns them into Applications.
 */
package io.sextant.service;
