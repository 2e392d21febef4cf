#!/usr/bin/env bash
# Install what the browser and PDF tests need from Debian: Chromium (driven by Playwright),
# a font, and WeasyPrint's Pango libraries. Quick and silent when all is already there.
set -euo pipefail

packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
for pkg in fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || packages+=("$pkg")
done
[ ${#packages[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing ${packages[*]} and no apt-get here: install them with your package manager." >&2
    exit 1
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing ${packages[*]}…"
export DEBIAN_FRONTEND=noninteractive
# The package lists may be stale or absent on a fresh machine: refresh them only when needed.
$sudo apt-get install -y --no-install-recommends "${packages[@]}" \
    || { $sudo apt-get update && $sudo apt-get install -y --no-install-recommends "${packages[@]}"; }
