#!/usr/bin/env bash
# Installs the Debian packages gridops builds against, when they are missing; with `test`,
# also what the tests need (headless Chromium for the dashboard's browser test).
# As root it uses apt-get; otherwise sudo; otherwise it says what to install and fails.
set -euo pipefail

packages=(libgit2-dev libyaml-dev libsqlite3-dev pkg-config git)
[ "${1:-}" = test ] && packages+=(chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "gridops needs these Debian packages: ${missing[*]}" >&2
  echo "install them with: apt-get install ${missing[*]}" >&2
  exit 1
fi
