#!/usr/bin/env bash
# Installs the Debian packages the portal needs outside Python: gettext to
# compile translations, and (for the test suite) Chromium for end-to-end tests.
# Does nothing when they are already there.
set -euo pipefail

wanted=(gettext)
[[ "${1:-}" == "--with-browser" ]] && wanted+=(chromium fonts-dejavu-core)

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "Please install these Debian packages first: ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
