#!/bin/sh
# Installs what the card tests need, from the project's own files: the npm `adaptivecards`
# renderer (exact versions from tools/cardcheck/package-lock.json) and Debian's chromium.
# Idempotent and silent when everything is already present.
set -eu
cd "$(dirname "$0")/.."

CARDCHECK=tools/cardcheck
STAMP="$CARDCHECK/node_modules/.careguard-lock"

if command -v npm >/dev/null 2>&1; then
    # Reinstall only when the lock file changed since the last install.
    if [ ! -f "$STAMP" ] || ! cmp -s "$CARDCHECK/package-lock.json" "$STAMP"; then
        echo "ensure-test-tools: installing Node dependencies (npm ci) in $CARDCHECK"
        npm ci --prefix "$CARDCHECK" --no-audit --no-fund --loglevel=error
        cp "$CARDCHECK/package-lock.json" "$STAMP"
    fi
else
    echo "ensure-test-tools: npm not found; card renderer tests will be skipped" >&2
fi

if [ ! -x /usr/bin/chromium ]; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        echo "ensure-test-tools: installing chromium with apt-get"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends chromium >/dev/null
    else
        echo "ensure-test-tools: /usr/bin/chromium missing and cannot install it (needs root and apt-get);" \
             "card screenshot tests will be skipped" >&2
    fi
fi
