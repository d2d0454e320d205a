#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the solution, runs all test projects. Integration tests start
# their own PostgreSQL clusters and S3 servers on free loopback ports in temporary folders.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IC_ROOT"

ic_install_prerequisites
[ -f "$IC_SHARED/models/yunet/yunet_n_640_640.onnx" ] \
  || ic_die "face model missing: expected $IC_SHARED/models/yunet/yunet_n_640_640.onnx (see README)"
export IC_SHARED
ic_install_browser
ic_build_console

ic_log "building"
dotnet build ImageCollection.sln -c Release --nologo -v quiet -clp:NoSummary

ic_log "testing"
status=0
dotnet test ImageCollection.sln -c Release --no-build --nologo --logger "console;verbosity=minimal" "$@" || status=$?

# A test host killed hard cannot stop the servers its fixtures started: stop what is left by dead test hosts
# (folders are named /tmp/ic-test-<test host pid>-<random>).
for dir in /tmp/ic-test-*/; do
  [ -d "$dir" ] || continue
  owner="$(basename "$dir")"; owner="${owner#ic-test-}"; owner="${owner%%-*}"
  kill -0 "$owner" 2>/dev/null && continue
  [ -f "$dir/pg/postmaster.pid" ] && ic_pg_stop "$dir/pg"
  [ -f "$dir/s3.pid" ] && kill "$(cat "$dir/s3.pid")" 2>/dev/null || true
  rm -rf "$dir"
done
exit $status
