#!/usr/bin/env bash
# Load runs (README "Performance"): starts a fresh stack with infra/run.sh in a temporary folder on its own ports
# (PostgreSQL, s3rver, the WeChat emulator, worker, API; Release builds, Development settings), then
# infra/bench/bench.mjs seeds students through the API and drives autocannon. Prints the figures as JSON on stdout
# and exits non-zero when a phase lost or broke anything. Extra arguments go to bench.mjs
# (--students 6000 --order-connections 16 --connections 32 --uploads 600 --upload-connections 200 --scan-students 300
# --scan-seconds 15; --phases payments for orders and notifications only). The phase "exports" (in the default list;
# --phases exports alone, --export-photos 10000) runs the school-package export benchmark of
# tests/ImageCollection.Benchmarks (ExportBenchmark.cs) against the same stack after the load phases; the phase "prints"
# (--print-students 2000) its print-run benchmark (PrintBenchmark.cs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$IC_ROOT"
ic_install_prerequisites
(cd infra/bench && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

work="$(mktemp -d /tmp/ic-bench-XXXXXX)"
api_port="${IC_BENCH_API_PORT:-5180}"
stack_pid=""
finish() {
  if [ -n "$stack_pid" ]; then kill -TERM "$stack_pid" 2>/dev/null || true; wait "$stack_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap finish EXIT
trap 'exit 130' INT TERM

phases="payments,uploads,scans,walkups,exports,prints" export_photos=10000 print_students=2000 rest=()
while [ $# -gt 0 ]; do
  case "$1" in
    --phases) phases="$2"; shift 2 ;;
    --export-photos) export_photos="$2"; shift 2 ;;
    --print-students) print_students="$2"; shift 2 ;;
    *) rest+=("$1"); shift ;;
  esac
done
load_phases="$(tr ',' '\n' <<<"$phases" | grep -vxE 'exports|prints' | paste -sd, - || true)"

ic_log "building the upload photo"
dotnet run -c Release --project tests/ImageCollection.Benchmarks -- upload-photo "$work/upload.jpg" >&2

ic_log "starting a stack in $work (log: $work/stack.log)"
env -u ConnectionStrings__Postgres -u Storage__Endpoint -u WechatPay__BaseUrl -u Wechat__MiniProgram__BaseUrl \
  IC_DATA_DIR="$work/data" IC_PG_PORT="${IC_BENCH_PG_PORT:-56432}" IC_S3_PORT="${IC_BENCH_S3_PORT:-59100}" \
  IC_EMULATOR_PORT="${IC_BENCH_EMULATOR_PORT:-5190}" IC_API_PORT="$api_port" ASPNETCORE_URLS="http://127.0.0.1:$api_port" \
  setsid infra/run.sh >"$work/stack.log" 2>&1 &
stack_pid=$!
for i in $(seq 1 240); do
  grep -q "ImageCollection is running" "$work/stack.log" 2>/dev/null && break
  kill -0 "$stack_pid" 2>/dev/null || { cat "$work/stack.log" >&2; ic_die "the stack did not start"; }
  sleep 0.5
done
grep -q "ImageCollection is running" "$work/stack.log" || { tail -50 "$work/stack.log" >&2; ic_die "the stack is not ready after 120 s"; }
api_pid="$(ss -ltnpH "sport = :$api_port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)"
[ -n "$api_pid" ] || ic_die "no process listens on the API port $api_port"
worker_pid="$(pgrep -P "$stack_pid" -f ImageCollection.Worker.dll | head -1)"
emulator_pid="$(pgrep -P "$stack_pid" -f ImageCollection.WechatEmulator.dll | head -1)"
ic_log "API pid $api_pid, worker $worker_pid, emulator $emulator_pid; running the load"

if [ -n "$load_phases" ]; then
  node infra/bench/bench.mjs --api "http://127.0.0.1:$api_port" --emulator "http://127.0.0.1:${IC_BENCH_EMULATOR_PORT:-5190}" \
    --admin-password "$(cat "$work/data/admin-password")" --api-pid "$api_pid" --worker-pid "${worker_pid:-0}" --emulator-pid "${emulator_pid:-0}" \
    --photo "$work/upload.jpg" --phases "$load_phases" "${rest[@]}"
fi
# The benchmark tool seeds the database and the S3 server directly, so it needs the stack's keys and endpoints.
bench_tool() {
  (set -a; source "$work/data/secrets.env"; set +a
   DOTNET_ENVIRONMENT=Development ConnectionStrings__Postgres="Host=127.0.0.1;Port=${IC_BENCH_PG_PORT:-56432};Username=postgres;Database=imagecollection" \
   Storage__Endpoint="127.0.0.1:${IC_BENCH_S3_PORT:-59100}" Storage__AccessKey=S3RVER Storage__SecretKey=S3RVER Storage__UseSsl=false \
   Storage__Region=us-east-1 Storage__Bucket=imagecollection Logging__LogLevel__Default=Warning \
   dotnet run -c Release --no-build --project tests/ImageCollection.Benchmarks -- "$@" --api "http://127.0.0.1:$api_port" \
     --admin-password "$(cat "$work/data/admin-password")" --api-pid "$api_pid" --worker-pid "${worker_pid:-0}")
}
if tr ',' '\n' <<<"$phases" | grep -qx exports; then
  ic_log "export benchmark: $export_photos approved photos"
  bench_tool export --photos "$export_photos"
fi
if tr ',' '\n' <<<"$phases" | grep -qx prints; then
  ic_log "print-run benchmark: $print_students students"
  bench_tool prints --students "$print_students"
fi
