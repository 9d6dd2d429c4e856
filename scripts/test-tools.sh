#!/usr/bin/env bash
# Debian packages the test suite needs beyond a JDK and Maven, installed when missing. Run by the
# build itself (it-apps/tests, before its tests), so `mvn -B verify` still sets up a fresh machine:
#
#   libfaketime   the clock tests run replica JVMs at ×0.7–×2 real time (LD_PRELOAD)
#   gcc           the clock tests compile src/test/c/clockshim.c (wall/monotonic offsets)
#
# As root with apt-get: installs what is missing (one `apt-get update` first). Otherwise it only says
# what is missing; the tests that need it are then skipped, or fail with that message under CI=true.
# Cheap when everything is present: a few `test -e`, no network.
set -euo pipefail

missing=()
[[ -e /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 ]] || missing+=(libfaketime)
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "test tools: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "test tools: missing ${missing[*]} (as root: apt-get install ${missing[*]}); the tests that need them will be skipped" >&2
fi
