#!/usr/bin/env bash
# Builds the real control plane the *RealApiIT tests run against, from pinned Go modules, into a cache
# folder outside the work tree:
#   $KUBELB_ENVTEST_CACHE/<key>/bin/{kube-apiserver,etcd,kubectl,metallb-controller,metallb-speaker}
#   $KUBELB_ENVTEST_CACHE/<key>/crds/{metallb,cilium}/*.yaml
# and prints that bin folder's path on its last line. Nothing is rebuilt when the pinned versions are
# already there. envtest convention: KUBEBUILDER_ASSETS pointing at a folder that already holds
# kube-apiserver and etcd is used as is (the CRDs are still fetched through the Go module cache).
set -euo pipefail

K8S_VERSION=${K8S_VERSION:-v1.36.3}
ETCD_VERSION=${ETCD_VERSION:-v3.6.16}
METALLB_VERSION=${METALLB_VERSION:-v0.16.2}
CILIUM_VERSION=${CILIUM_VERSION:-v1.18.4}
# MetalLB's controller and speaker, the real appliance, built at the CRDs' own release. v0.16.x names
# github.com/metallb/frr-k8s v0.0.27, which the Go module proxy does not serve (403; tried again 2026-11-29:
# it serves v0.0.17, v0.0.18 and v0.0.21 only). With v0.0.21 in its place, MetalLB's frr-k8s *mode* (which
# no test runs: the speakers here run native or FRR mode) does not compile, for two API members v0.0.27 added:
# "undefined: frrv1beta1.AsPathPrependPrefixes" and "unknown field PrefixesWithAsPathPrepend" in Advertise.
# frr_k8s_with_prepend() below gives v0.0.21 those two declarations (our own, in a copy in this cache) and
# MetalLB is built against that copy, unmodified. METALLB_BIN_VERSION=v0.15.2 builds the older release
# against v0.0.21 as served.
METALLB_BIN_VERSION=${METALLB_BIN_VERSION:-$METALLB_VERSION}
FRR_K8S_VERSION=${FRR_K8S_VERSION:-v0.0.21}
CACHE=${KUBELB_ENVTEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubelb-envtest}
KEY="k8s-${K8S_VERSION}_etcd-${ETCD_VERSION}_metallb-${METALLB_VERSION}_cilium-${CILIUM_VERSION}_metallb-bin-${METALLB_BIN_VERSION}"
OUT="$CACHE/$KEY"
export GOFLAGS=-mod=mod
export CGO_ENABLED=0

log() { echo "envtest: $*" >&2; }
command -v go >/dev/null || { log "no Go toolchain on PATH: cannot build the real control plane"; exit 3; }

mod_dir() { go mod download -json "$1@$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])'; }
mod_file() { go mod download -json "$1@$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])'; }

build_kube() {
  local work="$CACHE/src/kube-$K8S_VERSION" staging="v0.${K8S_VERSION#v1.}"
  mkdir -p "$work"
  # A wrapper module: k8s.io/kubernetes replaces its staging modules by ./staging paths that a
  # dependency cannot see, so every one is replaced here by its published v0.x twin.
  {
    echo "module kubelb.dev/envtest/kube"
    echo "go 1.26"
    echo "require k8s.io/kubernetes $K8S_VERSION"
    grep -oE '^\s*k8s\.io/[a-z0-9-]+ => \./staging' "$(mod_file k8s.io/kubernetes "$K8S_VERSION")" \
      | awk -v v="$staging" '{print "replace " $1 " => " $1 " " v}'
  } > "$work/go.mod"
  printf 'package tools\nimport (\n _ "k8s.io/kubernetes/cmd/kube-apiserver"\n _ "k8s.io/kubectl/pkg/cmd"\n)\n' > "$work/tools.go"
  # stamp the release, as Kubernetes' own build does (hack/lib/version.sh), so /version tells the truth
  local minor=${K8S_VERSION#v1.} v
  minor=${minor%%.*}
  local ldflags="-s"
  for v in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags="$ldflags -X $v.gitVersion=$K8S_VERSION -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean"
  done
  (cd "$work" && go mod tidy >&2 \
    && go build -trimpath -ldflags="$ldflags" -o "$OUT/bin/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver >&2 \
    && go build -trimpath -ldflags="$ldflags" -o "$OUT/bin/kubectl" k8s.io/kubernetes/cmd/kubectl >&2)
}

build_etcd() {
  local work="$CACHE/src/etcd-$ETCD_VERSION"
  mkdir -p "$work"
  printf 'module kubelb.dev/envtest/etcd\ngo 1.26\nrequire go.etcd.io/etcd/server/v3 %s\n' "$ETCD_VERSION" > "$work/go.mod"
  printf 'package tools\nimport _ "go.etcd.io/etcd/server/v3/etcdmain"\n' > "$work/tools.go"
  (cd "$work" && go mod tidy >&2 && go build -trimpath -ldflags=-s -o "$OUT/bin/etcd" go.etcd.io/etcd/server/v3 >&2)
}

# frr-k8s as served, plus the two API declarations MetalLB >= 0.16's frr-k8s mode names, when they are missing:
# prints the folder the wrapper module replaces github.com/metallb/frr-k8s with.
frr_k8s_with_prepend() {
  local src dst="$CACHE/src/frr-k8s-$FRR_K8S_VERSION-prepend" types
  src=$(mod_dir github.com/metallb/frr-k8s "$FRR_K8S_VERSION")
  rm -rf "$dst" && cp -r "$src" "$dst" && chmod -R u+w "$dst"
  types="$dst/api/v1beta1/frrconfiguration_types.go"
  if ! grep -q 'AsPathPrependPrefixes' "$types"; then
    grep -q '^\s*PrefixesWithCommunity \[\]CommunityPrefixes' "$types" \
      || { log "frr-k8s $FRR_K8S_VERSION: Advertise.PrefixesWithCommunity not found, cannot add PrefixesWithAsPathPrepend"; return 1; }
    sed -i 's|^\(\s*\)PrefixesWithCommunity \[\]CommunityPrefixes.*$|&\n\1PrefixesWithAsPathPrepend []AsPathPrependPrefixes `json:"withAsPathPrepend,omitempty"`|' "$types"
    printf '%s\n' 'package v1beta1' '' \
      '// Added by kubelb ci/envtest/build.sh: named by MetalLB >= 0.16 (frr-k8s mode), missing from this release.' \
      'type AsPathPrependPrefixes struct {' \
      '	Prefixes      []string `json:"prefixes,omitempty"`' \
      '	AsPathPrepend uint8    `json:"asPathPrepend,omitempty"`' '}' > "$dst/api/v1beta1/zz_kubelb_aspathprepend.go"
    log "frr-k8s $FRR_K8S_VERSION: added AsPathPrependPrefixes and Advertise.PrefixesWithAsPathPrepend (MetalLB's frr-k8s mode only)"
  fi
  echo "$dst"
}

build_metallb() {
  local work="$CACHE/src/metallb-$METALLB_BIN_VERSION" frr="github.com/metallb/frr-k8s $FRR_K8S_VERSION"
  mkdir -p "$work"
  case "$METALLB_BIN_VERSION" in v0.15.*) ;; *) frr=$(frr_k8s_with_prepend) ;; esac
  printf 'module kubelb.dev/envtest/metallb\ngo 1.26\nrequire go.universe.tf/metallb %s\nreplace github.com/metallb/frr-k8s => %s\n' \
    "$METALLB_BIN_VERSION" "$frr" > "$work/go.mod"
  printf 'package tools\nimport (\n _ "go.universe.tf/metallb/controller"\n _ "go.universe.tf/metallb/speaker"\n)\n' > "$work/tools.go"
  (cd "$work" && go mod tidy >&2 \
    && go build -trimpath -ldflags=-s -o "$OUT/bin/metallb-controller" go.universe.tf/metallb/controller >&2 \
    && go build -trimpath -ldflags=-s -o "$OUT/bin/metallb-speaker" go.universe.tf/metallb/speaker >&2)
}

copy_crds() {
  local d
  mkdir -p "$OUT/crds/metallb" "$OUT/crds/cilium"
  d=$(mod_dir go.universe.tf/metallb "$METALLB_VERSION")
  cp "$d"/config/crd/bases/*.yaml "$OUT/crds/metallb/"
  d=$(mod_dir github.com/cilium/cilium "$CILIUM_VERSION")
  find "$d/pkg/k8s/apis/cilium.io/client/crds" -name '*.yaml' -exec cp {} "$OUT/crds/cilium/" \;
  chmod -R u+w "$OUT/crds"
}

start=$(date +%s)
mkdir -p "$OUT/bin"
if [ -n "${KUBEBUILDER_ASSETS:-}" ] && [ "$(realpath "$KUBEBUILDER_ASSETS")" != "$(realpath "$OUT/bin")" ] \
    && [ -x "$KUBEBUILDER_ASSETS/kube-apiserver" ] && [ -x "$KUBEBUILDER_ASSETS/etcd" ]; then
  log "KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS holds kube-apiserver and etcd: used as is"
  for b in kube-apiserver etcd kubectl; do [ -x "$KUBEBUILDER_ASSETS/$b" ] && ln -sf "$KUBEBUILDER_ASSETS/$b" "$OUT/bin/$b"; done
  # envtest's asset folders often hold no kubectl: one on PATH (Debian's kubernetes-client) will do
  [ -x "$OUT/bin/kubectl" ] || { command -v kubectl >/dev/null && ln -sf "$(command -v kubectl)" "$OUT/bin/kubectl"; } || true
fi
{ [ -x "$OUT/bin/kube-apiserver" ] && [ -x "$OUT/bin/kubectl" ]; } || { log "building kube-apiserver and kubectl $K8S_VERSION"; build_kube; }
[ -x "$OUT/bin/etcd" ] || { log "building etcd $ETCD_VERSION"; build_etcd; }
{ [ -x "$OUT/bin/metallb-controller" ] && [ -x "$OUT/bin/metallb-speaker" ]; } \
  || { log "building MetalLB's controller and speaker $METALLB_BIN_VERSION"; build_metallb; }
[ -f "$OUT/crds/.done" ] || { log "fetching MetalLB $METALLB_VERSION and Cilium $CILIUM_VERSION CRDs"; copy_crds; touch "$OUT/crds/.done"; }
log "ready in $(( $(date +%s) - start )) s: $OUT"
echo "$OUT/bin"
