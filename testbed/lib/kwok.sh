# shellcheck shell=bash
# kwok's configuration for the testbed: the Stages that play kubelet for nodes and pods, and the
# Node objects kwok manages. Sourced by testbed/testbed.
#
# Pods whose containers all use existing images become Running and Ready, Job pods then
# Succeed. A pod with an image listed in testbed/missing-images.txt is left as a kubelet
# leaves it when the registry has no such image: Pending, not Ready, that container waiting in
# ErrImagePull and a moment later ImagePullBackOff. A Deployment rolling it out therefore stays
# unavailable and kube-controller-manager marks it ProgressDeadlineExceeded in due time.

# missing_images FILE: the references, one per line, comments and blanks dropped. A reference
# without a registry is also listed in the form the container runtime reports (docker.io/...).
missing_images() {
  local ref
  grep -v '^[[:space:]]*\(#\|$\)' "$1" | while read -r ref; do
    echo "$ref"
    case "${ref%%/*}" in
      *.*|*:*|localhost) ;;
      *) echo "docker.io/$ref"
         case "$ref" in */*) ;; *) echo "docker.io/library/$ref" ;; esac ;;
    esac
  done
}

# testbed_kwok_stages MISSING_IMAGES_FILE: the Stage list, on stdout.
testbed_kwok_stages() {
  local images; images=$(missing_images "$1")
  local values="" cond="false" img
  while read -r img; do
    [ -n "$img" ] || continue
    values+="      - '$img'"$'\n'
    cond="(or $cond (eq .image \"$img\"))"
  done <<<"$images"
  cat <<EOS
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: node-initialize
spec:
  resourceRef: {apiGroup: v1, kind: Node}
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: NotIn
      values: ['True']
  next:
    statusTemplate: |
      {{ \$now := Now }}
      conditions:
      {{ range NodeConditions }}
      - lastHeartbeatTime: {{ \$now | Quote }}
        lastTransitionTime: {{ \$now | Quote }}
        message: {{ .message | Quote }}
        reason: {{ .reason | Quote }}
        status: {{ .status | Quote }}
        type: {{ .type | Quote }}
      {{ end }}
      addresses:
      - address: {{ NodeIP | Quote }}
        type: InternalIP
      - address: {{ NodeName | Quote }}
        type: Hostname
      allocatable: {cpu: "32", memory: 128Gi, pods: "250"}
      capacity: {cpu: "32", memory: 128Gi, pods: "250"}
      nodeInfo:
        architecture: amd64
        operatingSystem: linux
        kubeletVersion: {{ printf "kwok-%s" Version | Quote }}
        containerRuntimeVersion: {{ printf "kwok-%s" Version | Quote }}
        kernelVersion: {{ printf "kwok-%s" Version | Quote }}
        kubeProxyVersion: {{ printf "kwok-%s" Version | Quote }}
        osImage: kwok
        bootID: ""
        machineID: ""
        systemUUID: ""
      phase: Running
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: node-heartbeat
spec:
  resourceRef: {apiGroup: v1, kind: Node}
  selector:
    matchExpressions:
    - key: '.status.phase'
      operator: In
      values: ['Running']
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: In
      values: ['True']
  delay:
    durationMilliseconds: 20000
    jitterDurationMilliseconds: 25000
  next:
    statusTemplate: |
      {{ \$now := Now }}
      conditions:
      {{ range NodeConditions }}
      - lastHeartbeatTime: {{ \$now | Quote }}
        lastTransitionTime: {{ \$now | Quote }}
        message: {{ .message | Quote }}
        reason: {{ .reason | Quote }}
        status: {{ .status | Quote }}
        type: {{ .type | Quote }}
      {{ end }}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-image-pull-error
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: DoesNotExist
    - key: '.spec.nodeName'
      operator: Exists
    - key: '.spec.containers.[].image'
      operator: In
      values:
${values}    - key: '.status.containerStatuses.[].state.waiting.reason'
      operator: NotIn
      values: ['ErrImagePull', 'ImagePullBackOff']
  next:
    statusTemplate: |
      {{ \$now := Now }}
      conditions:
      - {lastTransitionTime: {{ \$now | Quote }}, status: "True", type: PodScheduled}
      - {lastTransitionTime: {{ \$now | Quote }}, status: "True", type: Initialized}
      - {lastTransitionTime: {{ \$now | Quote }}, status: "False", type: Ready, reason: ContainersNotReady, message: "containers with unready status"}
      - {lastTransitionTime: {{ \$now | Quote }}, status: "False", type: ContainersReady, reason: ContainersNotReady, message: "containers with unready status"}
      containerStatuses:
      {{ range .spec.containers }}
      - image: {{ .image | Quote }}
        imageID: ""
        name: {{ .name | Quote }}
        ready: false
        restartCount: 0
        started: false
        state:
          {{ if $cond }}
          waiting:
            reason: ErrImagePull
            message: {{ printf "rpc error: code = NotFound desc = failed to pull and unpack image %q: not found" .image | Quote }}
          {{ else }}
          running:
            startedAt: {{ \$now | Quote }}
          {{ end }}
      {{ end }}
      {{ with NodeIPWith .spec.nodeName }}
      hostIP: {{ . | Quote }}
      {{ end }}
      {{ with PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) }}
      podIP: {{ . | Quote }}
      {{ end }}
      phase: Pending
      startTime: {{ \$now | Quote }}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-image-pull-backoff
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: DoesNotExist
    - key: '.status.containerStatuses.[].state.waiting.reason'
      operator: In
      values: ['ErrImagePull']
  delay:
    durationMilliseconds: 2000
  next:
    statusTemplate: |
      containerStatuses:
      {{ range .status.containerStatuses }}
      - image: {{ .image | Quote }}
        imageID: ""
        name: {{ .name | Quote }}
        ready: false
        restartCount: 0
        started: false
        state:
          {{ if .state.waiting }}
          waiting:
            reason: ImagePullBackOff
            message: {{ printf "Back-off pulling image %q" .image | Quote }}
          {{ else }}
          running:
            startedAt: {{ .state.running.startedAt | Quote }}
          {{ end }}
      {{ end }}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-ready
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: DoesNotExist
    - key: '.spec.nodeName'
      operator: Exists
    - key: '.status.phase'
      operator: In
      values: ['Pending']
    - key: '.spec.containers.[].image'
      operator: NotIn
      values:
${values}    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: NotIn
      values: ['True']
  next:
    statusTemplate: |
      {{ \$now := Now }}
      conditions:
      - {lastTransitionTime: {{ \$now | Quote }}, status: "True", type: PodScheduled}
      - {lastTransitionTime: {{ \$now | Quote }}, status: "True", type: Initialized}
      - {lastTransitionTime: {{ \$now | Quote }}, status: "True", type: Ready}
      - {lastTransitionTime: {{ \$now | Quote }}, status: "True", type: ContainersReady}
      {{ range .spec.readinessGates }}
      - {lastTransitionTime: {{ \$now | Quote }}, status: "True", type: {{ .conditionType | Quote }}}
      {{ end }}
      containerStatuses:
      {{ range .spec.containers }}
      - image: {{ .image | Quote }}
        imageID: ""
        name: {{ .name | Quote }}
        ready: true
        restartCount: 0
        started: true
        state:
          running:
            startedAt: {{ \$now | Quote }}
      {{ end }}
      initContainerStatuses:
      {{ range .spec.initContainers }}
      - image: {{ .image | Quote }}
        imageID: ""
        name: {{ .name | Quote }}
        ready: true
        restartCount: 0
        state:
          terminated: {exitCode: 0, reason: Completed, startedAt: {{ \$now | Quote }}, finishedAt: {{ \$now | Quote }}}
      {{ end }}
      {{ with NodeIPWith .spec.nodeName }}
      hostIP: {{ . | Quote }}
      {{ end }}
      {{ with PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) }}
      podIP: {{ . | Quote }}
      {{ end }}
      phase: Running
      startTime: {{ \$now | Quote }}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-complete
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: DoesNotExist
    - key: '.status.phase'
      operator: In
      values: ['Running']
    - key: '.metadata.ownerReferences.[].kind'
      operator: In
      values: ['Job']
  delay:
    durationMilliseconds: 1000
  next:
    statusTemplate: |
      {{ \$now := Now }}
      conditions:
      - {lastTransitionTime: {{ \$now | Quote }}, status: "True", type: PodScheduled}
      - {lastTransitionTime: {{ \$now | Quote }}, status: "True", type: Initialized}
      - {lastTransitionTime: {{ \$now | Quote }}, status: "False", type: Ready, reason: PodCompleted}
      - {lastTransitionTime: {{ \$now | Quote }}, status: "False", type: ContainersReady, reason: PodCompleted}
      containerStatuses:
      {{ range .spec.containers }}
      - image: {{ .image | Quote }}
        imageID: ""
        name: {{ .name | Quote }}
        ready: false
        restartCount: 0
        started: false
        state:
          terminated: {exitCode: 0, reason: Completed, startedAt: {{ \$now | Quote }}, finishedAt: {{ \$now | Quote }}}
      {{ end }}
      phase: Succeeded
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-delete
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: Exists
  next:
    finalizers:
      empty: true
    delete: true
EOS
}

# testbed_nodes N: the Node objects kwok manages, on stdout.
testbed_nodes() {
  local i
  for ((i = 0; i < $1; i++)); do
    cat <<EON
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/hostname: kwok-node-$i
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
EON
  done
}
