# shellcheck shell=bash
# Builds the testbed's binaries from the pinned Go modules under testbed/go into
# ~/.cache/sextant/testbed/<hash of the pins>/bin. Sourced by testbed/testbed.

# Bump when the way binaries are built changes (flags, names), so caches of the old way are not reused.
TESTBED_BUILD_REV=1

# The hash covers every go.mod and go.sum and the build revision: a change of pins gets a fresh
# cache directory, an unchanged tree reuses the old one.
# Rendering tools (go/jsonnet, go/helm) have their own cache directory and hash, so adding or bumping one never
# rebuilds Kubernetes.
TESTBED_CLUSTER_MODULES="etcd k8s kustomize kwok"
TESTBED_TOOL_MODULES="jsonnet helm"
# The OpenID provider SSO tests log in through (Dex) has its own cache too: it is the largest tool.
TESTBED_SSO_MODULES="dex"

# (The same text as before tool modules existed: every go.mod, then every go.sum, in name order.)
testbed_pins_hash() {
  (cd "$TESTBED_DIR/go" && { for m in $TESTBED_CLUSTER_MODULES; do cat "$m/go.mod"; done
     for m in $TESTBED_CLUSTER_MODULES; do cat "$m/go.sum"; done
     echo "build-rev $TESTBED_BUILD_REV"; } | sha256sum | cut -c1-16)
}

# The tools hash also covers the Go sources of our own tools (sextant-jsonnet), so a change to one
# rebuilds the tools.
testbed_tools_hash() {
  (cd "$TESTBED_DIR/go" && { for m in $TESTBED_TOOL_MODULES; do cat "$m/go.mod" "$m/go.sum"; done
     find $TESTBED_TOOL_MODULES -name '*.go' -not -name tools.go | LC_ALL=C sort | xargs cat
     echo "build-rev $TESTBED_BUILD_REV"; } | sha256sum | cut -c1-16)
}

testbed_sso_hash() {
  (cd "$TESTBED_DIR/go" && { for m in $TESTBED_SSO_MODULES; do cat "$m/go.mod" "$m/go.sum"; done
     echo "build-rev $TESTBED_BUILD_REV"; } | sha256sum | cut -c1-16)
}

testbed_require_go() {
  if ! command -v "$GO" >/dev/null 2>&1; then
    die "no Go toolchain: '$GO' is not on PATH. The testbed builds etcd, Kubernetes and kwok from their
Go modules the first time. Install Go 1.26 or newer (or put /usr/local/go/bin on PATH, or set
TESTBED_GO to the go command) and run again."
  fi
}

# build_module DIR OUTDIR LDFLAGS PKG...
build_module() {
  local dir=$1 out=$2 ldflags=$3; shift 3
  (cd "$TESTBED_DIR/go/$dir" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod \
     "$GO" build -trimpath -ldflags "$ldflags" -o "$out/" "$@")
}

testbed_build() {
  local bin=$1
  local marker=$bin/.complete
  [ -f "$marker" ] && return 0
  testbed_require_go
  local start; start=$(date +%s)
  local tmp=$bin.partial
  rm -rf "$tmp"; mkdir -p "$tmp"
  log "building the testbed binaries into $bin (first run on this machine; this takes a while)"
  local kver=v1.37.2
  local kflags="-s -w -X k8s.io/component-base/version.gitVersion=$kver -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=37 -X k8s.io/client-go/pkg/version.gitVersion=$kver -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=37"
  build_module etcd "$tmp" "-s -w" go.etcd.io/etcd/server/v3 || die "building etcd failed"
  mv "$tmp/v3" "$tmp/etcd" 2>/dev/null || mv "$tmp/server" "$tmp/etcd" 2>/dev/null || true
  build_module k8s "$tmp" "$kflags" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl || die "building Kubernetes failed"
  build_module kwok "$tmp" "-s -w" sigs.k8s.io/kwok/cmd/kwok || die "building kwok failed"
  build_module kustomize "$tmp" "-s -w" sigs.k8s.io/kustomize/kustomize/v5 || die "building kustomize failed"
  [ -x "$tmp/v5" ] && mv "$tmp/v5" "$tmp/kustomize"
  local took=$(( $(date +%s) - start ))
  echo "$took" > "$tmp/.build-seconds"
  touch "$tmp/.complete"
  rm -rf "$bin"; mv "$tmp" "$bin"
  log "built the testbed binaries in ${took}s"
}

# build_cached BIN WHAT FUNCTION: unless BIN is complete, runs FUNCTION OUTDIR into a fresh partial
# directory and moves it into place only when FUNCTION succeeded (a broken build is never reused).
build_cached() {
  local bin=$1 what=$2 fn=$3
  [ -f "$bin/.complete" ] && return 0
  testbed_require_go
  local start; start=$(date +%s)
  local tmp=$bin.partial
  rm -rf "$tmp"; mkdir -p "$tmp"
  log "building $what into $bin"
  "$fn" "$tmp"
  touch "$tmp/.complete"
  rm -rf "$bin"; mv "$tmp" "$bin"
  log "built $what in $(( $(date +%s) - start ))s"
}

# The rendering tools: jsonnet, and sextant-jsonnet (go-jsonnet with an importer confined to the
# repository, which Sextant runs; plain jsonnet is for people); helm, which Sextant runs only for what its embedded Helm cannot pass
# (helm.apiVersions). Into ~/.cache/sextant/testbed/tools-<hash>/bin.
build_tools_into() {
  build_module jsonnet "$1" "-s -w" github.com/google/go-jsonnet/cmd/jsonnet ./cmd/sextant-jsonnet \
    || die "building jsonnet failed"
  build_module helm "$1" "-s -w -X helm.sh/helm/v3/internal/version.version=v3.22.0" helm.sh/helm/v3/cmd/helm \
    || die "building helm failed"
}

testbed_build_tools() {
  build_cached "$1" "the rendering tools" build_tools_into
}

# Dex (the OpenID provider of the SSO tests), into ~/.cache/sextant/testbed/sso-<hash>/bin.
build_sso_into() {
  build_module dex "$1" "-s -w" github.com/dexidp/dex/cmd/dex || die "building dex failed"
}

testbed_build_sso() {
  build_cached "$1" "Dex (the SSO tests' OpenID provider)" build_sso_into
}
