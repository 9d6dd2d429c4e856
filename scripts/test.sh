#!/usr/bin/env bash
# The whole test suite: unit tests and the multi-JVM tests (dev API server, replica JVMs, the real
# kubectl when it is on the PATH, Debian's promtool and prometheus, libfaketime and gcc for the clock
# tests, which fake replica JVMs' clocks through LD_PRELOAD). CI runs exactly this, as root
# on a fresh clone. Extra arguments go to Maven, e.g. scripts/test.sh -Dit.java.home=/path/to/jdk
#
# It first installs the Debian packages the tests need when they are missing and it runs as root
# (apt-get); otherwise it says what is missing, and the tests that need it are skipped (they fail
# instead when CI=true, so CI never passes without them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

missing=()
command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
[[ -e /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 ]] || missing+=(libfaketime)
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
if (( ${#missing[@]} )); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "scripts/test.sh: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "scripts/test.sh: Debian packages missing: ${missing[*]}; the tests that need them (Prometheus, clocks)" \
      "will be skipped. Install them with: sudo apt-get install ${missing[*]}" >&2
  fi
fi

exec mvn -B verify "$@"
