#!/usr/bin/env bash
# Browser tests need Debian's chromium and fonts-noto-cjk (so Chinese renders). Install them
# when missing (root, or sudo without a password); otherwise say what to install and exit 2.
set -eu
packages="chromium fonts-noto-cjk"
have() {
    command -v "${CHROMIUM:-/usr/bin/chromium}" >/dev/null 2>&1 &&
        fc-list 2>/dev/null | grep -qi "noto sans cjk"
}
have && exit 0

if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
else
    echo "browser tests need Debian's $packages: run 'sudo apt-get install $packages', then 'make test' again" >&2
    exit 2
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "browser tests need Debian's $packages, and this machine has no apt-get: install them by hand" >&2
    exit 2
fi
echo "installing $packages for the browser tests"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq $packages >/dev/null
have || { echo "installing $packages did not provide ${CHROMIUM:-/usr/bin/chromium}" >&2; exit 2; }
