#!/usr/bin/env bash
# Installs what the gateway needs to build, run and test on a fresh Debian machine.
# Idempotent: installs only what is missing. Usage: scripts/setup.sh [run|test|bench|runtime]
set -euo pipefail
purpose="${1:-run}"

packages=(pkg-config libsqlite3-dev libcurl4-openssl-dev)
case "$purpose" in
  test) packages+=(sqlite3 nginx-light openssl curl prometheus chromium chromium-driver postgresql) ;;
  bench) packages+=(sqlite3 nginx-light openssl curl wrk) ;;
  runtime) packages+=(debootstrap curl) ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$purpose" = test ] || [ "$purpose" = bench ]; then
  here="$(cd "$(dirname "$0")/.." && pwd)"
  if ! python3 -c "import kubernetes, schemathesis, pytest, yaml, kubernetes_validate, selenium" 2>/dev/null; then
    echo "setup: installing Python test tools"
    python3 -m pip install -q --disable-pip-version-check -r "$here/Tests/e2e/requirements.txt"
  fi
fi
