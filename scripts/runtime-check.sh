#!/usr/bin/env bash
# The Containerfile checked without a container engine: builds the release binary with the
# build stage's command, then runs it in a minimal Debian root (debootstrap --variant=minbase)
# that holds only the runtime stage's packages, as the runtime stage's non-root user, with the
# root file system read-only as the Deployment mounts it. The binary must migrate, serve /readyz
# and take a legacy submit there, and end with exit code 0 on SIGTERM.
#
# The root is cached in $RUNTIME_ROOT_CACHE (default /var/cache/inference-gateway), keyed by the
# suite and the package list, so only the first run pays for debootstrap.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh runtime

scratch="${RUNTIME_SCRATCH_PATH:-.build-runtime}"
cache="${RUNTIME_ROOT_CACHE:-/var/cache/inference-gateway}"
suite=bookworm
started=$(date +%s)

# What the runtime stage installs and who it runs as, read off the Containerfile.
runtime_stage="$(awk '/^FROM .* AS runtime/{found=1} found' Containerfile)"
packages="$(grep -o 'install -y --no-install-recommends [^\\&]*' <<<"$runtime_stage" | head -1 | cut -d' ' -f4- | xargs)"
uid="$(grep -oE -- '--uid [0-9]+' <<<"$runtime_stage" | head -1 | cut -d' ' -f2)"
gid="$(grep -oE -- '--gid [0-9]+' <<<"$runtime_stage" | head -1 | cut -d' ' -f2)"
user_name="$(grep -o -- '--shell [^ ]* [a-z][a-z0-9-]*' <<<"$runtime_stage" | head -1 | cut -d' ' -f3 || true)"
[ -n "$packages" ] && [ -n "$uid" ] && [ -n "$gid" ] && [ -n "$user_name" ] || { echo "runtime-check: cannot read the runtime stage of Containerfile" >&2; exit 1; }
echo "runtime-check: runtime packages: $packages; user $user_name ($uid:$gid)"

# The Debian mirror apt already uses.
mirror="$(grep -h -o -E 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | xargs || true)"
mirror="${mirror:-http://deb.debian.org/debian}"
key="$(printf '%s %s %s %s' "$suite" "$packages" "$uid" "$gid" | sha256sum | cut -c1-16)"
root="$cache/root-$suite-$key"
make_root() {
  echo "runtime-check: debootstrap --variant=minbase $suite from $mirror"
  rm -rf "$root" && mkdir -p "$cache"
  debootstrap --variant=minbase --include="${packages// /,}" "$suite" "$root" "$mirror" >"$cache/debootstrap.log" 2>&1 \
    || { tail -30 "$cache/debootstrap.log" >&2; return 1; }
  chroot "$root" groupadd --system --gid "$gid" "$user_name"
  chroot "$root" useradd --system --uid "$uid" --gid "$gid" --home-dir /var/lib/inference-gateway --no-create-home \
    --shell /usr/sbin/nologin "$user_name"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  touch "$root/.complete"
}

# The root (from the network) while the release build (on the processors) runs.
root_started=$(date +%s)
root_pid=""
if [ ! -e "$root/.complete" ]; then
  make_root &
  root_pid=$!
fi

# The build stage's command.
build_started=$(date +%s)
swift build -c release --static-swift-stdlib --product inference-gateway --scratch-path "$scratch"
binary="$scratch/release/inference-gateway"
build_seconds=$(( $(date +%s) - build_started ))
if [ -n "$root_pid" ]; then
  wait "$root_pid" || { echo "runtime-check: cannot make the Debian root" >&2; exit 1; }
fi
root_seconds=$(( $(date +%s) - root_started ))

# A read-only view of the root, with the binary in it, a writable data directory and /tmp.
work="$(mktemp -d)"
view="$work/root"
data="$work/data"
mkdir -p "$view" "$data"
cleanup() {
  [ -n "${gateway_pid:-}" ] && kill "$gateway_pid" 2>/dev/null || true
  for mounted in "$view/usr/local/bin/inference-gateway" "$view/var/lib/inference-gateway" "$view/tmp" "$view/proc" \
    "$view/dev/null" "$view/dev/zero" "$view/dev/urandom" "$view/dev/random" "$view"; do
    mountpoint -q "$mounted" 2>/dev/null && umount -l "$mounted"
  done
  rm -rf "$work"
}
trap cleanup EXIT
chown "$uid:$gid" "$data"
mkdir -p "$root/var/lib/inference-gateway" "$root/usr/local/bin"
touch "$root/usr/local/bin/inference-gateway"
for node in null zero urandom random; do [ -e "$root/dev/$node" ] || touch "$root/dev/$node"; done
mount --bind "$root" "$view"
mount --bind "$binary" "$view/usr/local/bin/inference-gateway"
mount --bind "$data" "$view/var/lib/inference-gateway"
mount -t tmpfs -o mode=1777,size=64m tmpfs "$view/tmp"
mount -t proc proc "$view/proc"
for node in null zero urandom random; do mount --bind "/dev/$node" "$view/dev/$node"; done
mount -o remount,bind,ro "$view"

as_user() {
  chroot "$view" /usr/bin/setpriv --reuid "$uid" --regid "$gid" --clear-groups --no-new-privs \
    --inh-caps=-all --bounding-set=-all -- "$@"
}

echo "runtime-check: shared libraries the binary needs, resolved in the root:"
as_user /usr/bin/ldd /usr/local/bin/inference-gateway | sed 's/^/  /'
if as_user /usr/bin/ldd /usr/local/bin/inference-gateway | grep -E 'not found|libswift|libFoundation'; then
  echo "runtime-check: the binary needs a library the runtime stage does not have" >&2
  exit 1
fi
as_user /usr/bin/touch /usr/local/bin/probe 2>/dev/null && { echo "runtime-check: the root is writable" >&2; exit 1; }

database=/var/lib/inference-gateway/gateway.sqlite
as_user /usr/local/bin/inference-gateway migrate --database "$database"
as_user /usr/local/bin/inference-gateway migrate --status --database "$database" | sed 's/^/  /'

log="$work/gateway.log"
( cd / && exec chroot "$view" /usr/bin/setpriv --reuid "$uid" --regid "$gid" --clear-groups --no-new-privs \
    --inh-caps=-all --bounding-set=-all -- /usr/local/bin/inference-gateway serve --port 0 --database "$database" --no-migrate \
    --submit-wait 0 ) 2>"$log" &
gateway_pid=$!
port=""
for _ in $(seq 1 300); do
  port="$(grep -o -m1 'listening on 127.0.0.1:[0-9]*' "$log" | cut -d: -f2 || true)"
  [ -n "$port" ] && break
  kill -0 "$gateway_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || { cat "$log" >&2; echo "runtime-check: the gateway did not start" >&2; exit 1; }
url="http://127.0.0.1:$port"

ready=""
for _ in $(seq 1 300); do
  ready="$(curl -s -o /dev/null -w '%{http_code}' "$url/readyz" || true)"
  [ "$ready" = 200 ] && break
  sleep 0.1
done
[ "$ready" = 200 ] || { cat "$log" >&2; echo "runtime-check: /readyz answered $ready" >&2; exit 1; }
echo "runtime-check: /readyz: $(curl -s "$url/readyz")"

answer="$(curl -s -w ' %{http_code}' -H 'RA-USER: runtime-check' -H 'Content-Type: application/json' \
  -d '{"job":{"name":"runtime-check","project":"team-a","image":"nginx:1.27","gpu":1}}' "$url/api/v1/jobs")"
echo "runtime-check: legacy submit: $answer"
[ "$answer" = '{"name":"runtime-check"} 200' ] || { cat "$log" >&2; exit 1; }
listed="$(curl -s "$url/api/v1/jobs/team-a/runtime-check")"
grep -q '"runtime-check"' <<<"$listed" || { echo "runtime-check: the job is not listed: $listed" >&2; exit 1; }

kill -TERM "$gateway_pid"
status=0
wait "$gateway_pid" || status=$?
gateway_pid=""
[ "$status" -eq 0 ] || { cat "$log" >&2; echo "runtime-check: serve ended with $status on SIGTERM" >&2; exit 1; }
[ -s "$data/gateway.sqlite" ] || { echo "runtime-check: no database in the data directory" >&2; exit 1; }

echo "runtime-check: ok (release build ${build_seconds}s; build and Debian root ${root_seconds}s; total $(( $(date +%s) - started ))s)"
