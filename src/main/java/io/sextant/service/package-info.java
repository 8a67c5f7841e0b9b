/**
 * Use cases shared by {@code api} and {@code web}: list, get, create, sync, rollback ... Each
 * checks RBAC and only writes the Application (spec or {@code operation});
 * the controller does the work. Neither the API nor the pages touch Kubernetes except here.
 */
package io.sextant.service;
