#!/usr/bin/env bash
# Builds (once) the Debian trixie tree holding ocserv 1.3.x that the real-headend tests run in a chroot.
#
# Why a tree: the host is Debian bookworm, whose ocserv 1.1.6 has no phone login (`/svc`,
# cisco-svc-client-compat); trixie's ocserv 1.3 has it (PROTOCOL.md §6).
#
# Idempotent and safe to run concurrently (flock): the tree is built in a temporary directory
# next to its final place, renamed into place, and marked complete only after success; a tree
# without the marker (an interrupted build) is removed and rebuilt. Also installs the host
# packages the tests need (debootstrap, iproute2, openconnect) when they are missing.
#
# Usage: scripts/headend/build-tree.sh            (tree at ${VPNPHONE_HEADEND_TREE:-/var/cache/vpnphone/trixie})
#        VPNPHONE_HEADEND_TREE=/some/dir scripts/headend/build-tree.sh
# Needs root. Prints the tree path and the ocserv version on its last line.
set -euo pipefail

TREE="${VPNPHONE_HEADEND_TREE:-/var/cache/vpnphone/trixie}"
MARKER="$TREE/.vpnphone-tree-complete"
export DEBIAN_FRONTEND=noninteractive

log() { echo "build-tree: $*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot)"

# The Debian mirror the host's apt already uses (deb822 `URIs:` or one-line `deb URI suite`),
# so the tree comes from the same place as every other package on this machine.
host_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list; do
    [ -r "$f" ] || continue
    case "$f" in
      *.sources)
        # The first URIs line of a stanza whose Suites include a plain release (not -security).
        uri=$(awk '
          /^[[:space:]]*$/ { if (u != "" && s ~ /(^| )(bookworm|trixie|stable|oldstable|sid|unstable)( |$)/) { print u; exit } u=""; s=""; next }
          /^URIs:/ { u=$2 }
          /^Suites:/ { $1=""; s=$0 " " }
          END { if (u != "" && s ~ /(^| )(bookworm|trixie|stable|oldstable|sid|unstable)( |$)/) print u }
        ' "$f" | head -n 1)
        ;;
      *)
        uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/ ) { print $i; exit } }' "$f" |
          grep -v -- '-security' | grep -i debian | head -n 1 || true)
        ;;
    esac
    if [ -n "${uri:-}" ] && [[ "$uri" == *debian* ]] && [[ "$uri" != *security* ]]; then
      echo "${uri%/}"
      return 0
    fi
  done
  return 1
}

# Host packages: install only what is missing, with one `apt-get update` when needed.
need=()
for p in debootstrap iproute2 openconnect; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ "${#need[@]}" -gt 0 ]; then
  log "installing host packages: ${need[*]}"
  # Other jobs on the machine may hold the dpkg lock: wait for it (bounded) instead of failing.
  for attempt in 1 2 3 4 5; do
    if apt-get -o DPkg::Lock::Timeout=120 update -qq &&
      apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
      break
    fi
    [ "$attempt" = 5 ] && die "could not install ${need[*]}"
    log "apt-get failed (attempt $attempt), retrying in 10 s"
    sleep 10
  done
fi

mkdir -p "$(dirname "$TREE")"
exec 9>"$TREE.lock"
flock -w 900 9 || die "timed out waiting for another build (lock $TREE.lock)"

ocserv_version() { chroot "$TREE" dpkg-query -W -f='ocserv ${Version}' ocserv 2>/dev/null; }

if [ -f "$MARKER" ] && [ -x "$TREE/usr/sbin/ocserv" ]; then
  log "tree already complete: $TREE"
  echo "$TREE $(ocserv_version)"
  exit 0
fi

# Unmounts anything mounted below a directory (deepest first) so that removing it can never
# reach the host's /dev or /proc through a bind mount left by a crashed test.
unmount_below() {
  local dir m
  dir=$(readlink -f "$1")
  { awk '{ print $2 }' /proc/self/mounts | grep -E "^${dir}(/|$)" || true; } | sort -r | while read -r m; do
    umount -l "$m" || true
  done
}
remove_tree() {
  [ -e "$1" ] || return 0
  unmount_below "$1"
  rm -rf --one-file-system "$1"
}

MIRROR=$(host_mirror) || die "no Debian mirror found in /etc/apt/sources.list*"
WORK="$TREE.building"
log "building a trixie tree at $TREE from $MIRROR"
remove_tree "$TREE"
remove_tree "$WORK"
start=$(date +%s)

debootstrap --variant=minbase trixie "$WORK" "$MIRROR" >"$WORK.log" 2>&1 || {
  tail -n 30 "$WORK.log" >&2
  die "debootstrap failed (log: $WORK.log)"
}
t1=$(date +%s)
log "debootstrap took $((t1 - start)) s"

# Packages must not start services inside the tree; the tests start ocserv themselves.
printf '#!/bin/sh\nexit 101\n' >"$WORK/usr/sbin/policy-rc.d"
chmod 755 "$WORK/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$WORK/etc/resolv.conf" 2>/dev/null || true
# apt in the chroot wants /proc; mount it only for the install and always unmount it.
mount -t proc proc "$WORK/proc"
trap 'umount -l "$WORK/proc" 2>/dev/null || true' EXIT
if ! chroot "$WORK" apt-get install -y -q --no-install-recommends ocserv >>"$WORK.log" 2>&1; then
  tail -n 30 "$WORK.log" >&2
  die "apt-get install ocserv in the tree failed (log: $WORK.log)"
fi
umount -l "$WORK/proc"
trap - EXIT
chroot "$WORK" apt-get clean
t2=$(date +%s)
log "apt-get install ocserv took $((t2 - t1)) s"

version=$(chroot "$WORK" dpkg-query -W -f='ocserv ${Version}' ocserv 2>/dev/null || true)
case "$version" in
  *"ocserv 1.3"*) ;;
  *) die "unexpected ocserv version in the tree: '$version'" ;;
esac
# Mount points the tests bind /dev and /proc onto, and a directory for per-test files.
mkdir -p "$WORK/dev" "$WORK/proc" "$WORK/run/vpnphone"
mv "$WORK" "$TREE"
echo "$version" >"$MARKER"
rm -f "$WORK.log"
log "tree complete in $(($(date +%s) - start)) s: $version"
echo "$TREE $version"
