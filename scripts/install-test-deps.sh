#!/usr/bin/env bash
# Installs the real components the test suite runs against (Debian packages), on a fresh Debian
# machine as root. Idempotent: when everything is present it does nothing and takes no time.
set -euo pipefail

packages=(
  postgresql        # repository tests on a real PostgreSQL
  qbittorrent-nox   # download-client compliance suite and end-to-end swarms
  transmission-daemon
  mktorrent
  ffmpeg            # real media files (ffmpeg) and import verification (ffprobe)
  python3-guessit   # public corpus of release names for parser conformance
  chromium          # challenge solver
  prometheus        # promtool: checks and unit-tests the alert rules in deploy/
)
# Debian's kubernetes-client conflicts with a kubectl already on some images: install it only when
# there is no kubectl at all.
command -v kubectl >/dev/null 2>&1 || packages+=(kubernetes-client)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "these Debian packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The Debian postgresql package starts a cluster on port 5432; the tests start their own servers.
