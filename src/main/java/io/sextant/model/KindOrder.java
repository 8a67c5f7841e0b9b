package io.sextant.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order of kinds within one wave: Helm's install order, which Argo CD uses too. Only the kind name
 * counts, not the group. Kinds not in the list (custom resources, mostly) come after all listed ones.
 */
public final class KindOrder {

    /** The listed kinds, first applied first. */
    public static final List<String> KINDS = List.of(
            "Namespace",
            "NetworkPolicy",
            "ResourceQuota",
            "LimitRange",
            "PodSecurityPolicy",
            "PodDisruptionBudget",
            "ServiceAccount",
            "Secret",
            "SecretList",
            "ConfigMap",
            "StorageClass",
            "PersistentVolume",
            "PersistentVolumeClaim",
            "CustomResourceDefinition",
            "ClusterRole",
            "ClusterRoleList",
            "ClusterRoleBinding",
            "ClusterRoleBindingList",
            "Role",
            "RoleList",
            "RoleBinding",
            "RoleBindingList",
            "Service",
            "DaemonSet",
            "Pod",
            "ReplicationController",
            "ReplicaSet",
            "Deployment",
            "HorizontalPodAutoscaler",
            "StatefulSet",
            "Job",
            "CronJob",
            "IngressClass",
            "Ingress",
            "APIService");

    private static final Map<String, Integer> RANK = new HashMap<>();

    static {
        for (int i = 0; i < KINDS.size(); i++) {
            RANK.put(KINDS.get(i), i);
        }
    }

    private KindOrder() {}

    /** Position of the kind; every unlisted kind shares the last position. */
    public static int rank(String kind) {
        return RANK.getOrDefault(kind, KINDS.size());
    }
}
