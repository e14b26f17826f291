#!/usr/bin/env bash
# Install the system packages the hotline needs (Debian 12 "bookworm", run as root).
#
#   scripts/install-deps.sh            idempotent; does nothing when everything is present
#
# Asterisk 16 is not in bookworm. It comes from Debian 11 "bullseye": the bullseye apt source is
# DERIVED from this machine's own apt source entry by changing only the suite names, so no mirror
# host is ever written by this project. Pinning keeps everything else on bookworm:
#   bullseye*            priority 100 (used only when bookworm lacks a package, e.g. libssl1.1)
#   asterisk asterisk-*  priority 990 (Asterisk itself comes from bullseye)
# Package scripts are kept from starting system services (asterisk, redis): the hotline runs its
# own instances on loopback.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

OLD_SUITE=bullseye
SRC_OUT=/etc/apt/sources.list.d/hotline-bullseye
PIN_OUT=/etc/apt/preferences.d/hotline-bullseye
PKGS_ASTERISK="asterisk asterisk-core-sounds-en"
PKGS_DEFAULT="openjdk-17-jdk-headless maven redis-server baresip-core flite sox espeak-ng unzip curl"
PKGS_DEFAULT="$PKGS_DEFAULT chromium chromium-driver fonts-wqy-microhei"   # headless browser tests of the web UI (CJK font)

missing=""
for p in $PKGS_ASTERISK $PKGS_DEFAULT; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed' || missing="$missing $p"
done
# npm (the build fetches the gazetteer data with `npm pack`): any npm will do, e.g. one that came with a Node.js
# installed another way, so only a missing command pulls in Debian's package.
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -z "$missing" ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-deps: missing packages:$missing; run as root (sudo $0)" >&2
  exit 1
fi
echo "install-deps: installing:$missing"

. /etc/os-release
CUR_SUITE="${VERSION_CODENAME:?install-deps: cannot read VERSION_CODENAME from /etc/os-release}"

# 1. bullseye apt source, derived from the machine's own entry (skipped if one already exists).
if grep -rqsE "^(Suites:.*[[:space:]]${OLD_SUITE}([[:space:]]|$)|Suites:[[:space:]]*${OLD_SUITE}([[:space:]]|$)|deb[[:space:]].*[[:space:]]${OLD_SUITE}[[:space:]])" \
      /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "install-deps: a ${OLD_SUITE} apt source already exists"
elif [ -f /etc/apt/sources.list.d/debian.sources ]; then
  # deb822: rewrite the suite names on Suites: lines only (bookworm-security -> bullseye-security).
  sed -E "/^Suites:/ s/\b${CUR_SUITE}\b/${OLD_SUITE}/g" /etc/apt/sources.list.d/debian.sources \
    > "$SRC_OUT.sources.tmp"
  mv "$SRC_OUT.sources.tmp" "$SRC_OUT.sources"
elif [ -f /etc/apt/sources.list ]; then
  # one-line format: rewrite the suite field of the active deb lines.
  grep -E '^deb[[:space:]]' /etc/apt/sources.list \
    | sed -E "s/^(deb([[:space:]]+\[[^]]*\])?[[:space:]]+[^[:space:]]+[[:space:]]+)${CUR_SUITE}/\1${OLD_SUITE}/" \
    > "$SRC_OUT.list.tmp"
  mv "$SRC_OUT.list.tmp" "$SRC_OUT.list"
else
  echo "install-deps: no apt source entry found to derive ${OLD_SUITE} from" >&2
  exit 1
fi

# 2. Pinning: the wild-card pin first, the specific one after it (apt_preferences(5)).
cat > "$PIN_OUT" <<PIN
# written by hotline scripts/install-deps.sh
Package: *
Pin: release n=${OLD_SUITE}*
Pin-Priority: 100

Package: asterisk asterisk-*
Pin: release n=${OLD_SUITE}*
Pin-Priority: 990
PIN

apt-get update -q
own_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  own_policy=1
fi
trap '[ "$own_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
apt-get install -y -q --no-install-recommends $missing
asterisk -V
