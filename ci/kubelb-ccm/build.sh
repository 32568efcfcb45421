#!/usr/bin/env bash
# Builds KubeLB's CCM (cmd/ccm of github.com/kubermatic/kubelb, module k8c.io/kubelb) at a pinned commit into a
# cache outside the work tree and prints the binary's path; nothing is rebuilt when it is there. Used by
# examples/tenant-agent's KubeLbCcmInteropRealApiIT (the real CCM against our manager).
#
# Where the source comes from, in order:
#   1. the Go module proxy: `go mod download k8c.io/kubelb@<commit>`. Refused here (2026-11-28):
#      "reading https://proxy.golang.org/k8c.io/kubelb/@v/list: 403 Forbidden / This module version is not
#      available" (and the same for github.com/kubermatic/kubelb);
#   2. a git directory holding the commit: KUBELB_GIT_DIR (e.g. a mirror or a clone of kubermatic/kubelb);
#   3. `git clone https://github.com/kubermatic/kubelb` (github.com does not resolve here).
# Its dependencies (controller-runtime, client-go, envoy's go-control-plane, …) come from the Go module proxy.
set -euo pipefail
COMMIT=${KUBELB_COMMIT:-80d164b8da0214a3e66eadad2244c1f6bca265be}
CACHE=${KUBELB_ENVTEST_CACHE:-$HOME/.cache/kubelb-envtest}/kubelb-ccm-${COMMIT:0:12}
BIN=$CACHE/ccm
if [ -x "$BIN" ]; then
  echo "kubelb-ccm: cached" >&2
  echo "$BIN"
  exit 0
fi
command -v go >/dev/null || { echo "kubelb-ccm: no Go toolchain on PATH" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=""
mkdir -p "$work/probe" && (cd "$work/probe" && go mod init probe >/dev/null 2>&1)
if dir=$(cd "$work/probe" && GOFLAGS=-mod=mod go mod download -json "k8c.io/kubelb@$COMMIT" 2>"$work/proxy.err" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p') && [ -n "$dir" ]; then
  src=$dir
  echo "kubelb-ccm: source from the Go module proxy" >&2
elif [ -n "${KUBELB_GIT_DIR:-}" ] && git --git-dir="$KUBELB_GIT_DIR" cat-file -e "$COMMIT^{commit}" 2>/dev/null; then
  mkdir -p "$work/src" && git --git-dir="$KUBELB_GIT_DIR" archive "$COMMIT" | tar -x -C "$work/src"
  src=$work/src
  echo "kubelb-ccm: source from $KUBELB_GIT_DIR" >&2
elif git clone -q https://github.com/kubermatic/kubelb "$work/clone" 2>"$work/git.err" \
    && git -C "$work/clone" checkout -q "$COMMIT"; then
  src=$work/clone
  echo "kubelb-ccm: source from github.com" >&2
else
  echo "kubelb-ccm: no source for k8c.io/kubelb@$COMMIT." >&2
  echo "  Go module proxy: $(tr '\n' ' ' < "$work/proxy.err")" >&2
  echo "  github.com: $(tr '\n' ' ' < "$work/git.err" 2>/dev/null)" >&2
  echo "  Set KUBELB_GIT_DIR to a git directory holding $COMMIT." >&2
  exit 1
fi
mkdir -p "$CACHE"
t0=$(date +%s)
(cd "$src" && GOFLAGS=-buildvcs=false go build -o "$BIN.tmp" ./cmd/ccm)
mv "$BIN.tmp" "$BIN"
echo "kubelb-ccm: built in $(( $(date +%s) - t0 )) s" >&2
echo "$BIN"
