#!/usr/bin/env bash
# Runs ImageCollection locally: PostgreSQL, the S3 server (s3rver) and the WeChat emulator under .data/ (reused by
# the next run), then the worker and the API. Configuration already in the environment wins: a service whose address
# is configured (ConnectionStrings__Postgres, Storage__Endpoint, WechatPay__BaseUrl + Wechat__MiniProgram__BaseUrl)
# is not started. Ctrl-C stops everything this script started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IC_ROOT"

ic_install_prerequisites
DATA="${IC_DATA_DIR:-$IC_ROOT/.data}" # another folder keeps a second stack apart (the load runs use one)
mkdir -p "$DATA/logs"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-$ASPNETCORE_ENVIRONMENT}"

# Development secrets, generated once into the git-ignored data folder; values already in the environment win.
source "$IC_ROOT/infra/dev-secrets.sh"
ic_dev_secrets "$DATA"

started_pg="" ; s3_pid="" ; child_pids=() ; cleaned=""
cleanup() {
  [ -n "$cleaned" ] && return 0
  cleaned=1
  ic_log "stopping"
  local pid
  for pid in "${child_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${child_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$s3_pid" ] && kill -TERM "$s3_pid" 2>/dev/null || true
  [ -n "$started_pg" ] && ic_pg_stop "$DATA/postgres"
  ic_log "stopped"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

if [ -z "${ConnectionStrings__Postgres:-}" ]; then
  pg_port="${IC_PG_PORT:-55432}"
  ic_pg_running_before=0
  ic_as_pg "$(ic_pg_bindir)/pg_ctl" -D "$DATA/postgres" status >/dev/null 2>&1 && ic_pg_running_before=1
  ic_pg_start "$DATA/postgres" "$pg_port"
  [ "$ic_pg_running_before" = 1 ] || started_pg=1
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "select 1 from pg_database where datname='imagecollection'" \
    | grep -q 1 || psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "create database imagecollection" >/dev/null
  export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=imagecollection"
fi

if [ -z "${Storage__Endpoint:-}" ]; then
  s3_port="${IC_S3_PORT:-59000}"
  ic_s3_start "$DATA/s3" "$s3_port"
  s3_pid="$(cat "$DATA/s3.pid")"
  export Storage__Endpoint="127.0.0.1:$s3_port" Storage__PublicEndpoint="${Storage__PublicEndpoint:-127.0.0.1:$s3_port}"
  export Storage__AccessKey=S3RVER Storage__SecretKey=S3RVER Storage__UseSsl=false Storage__Region=us-east-1
  export Storage__Bucket="${Storage__Bucket:-imagecollection}"
fi
export Photos__FaceModelPath="${Photos__FaceModelPath:-$IC_SHARED/models/yunet/yunet_n_640_640.onnx}"

ic_build_console
export Console__Path="${Console__Path:-$CONSOLE_DIST}"

ic_log "building"
for project in infra/ImageCollection.WechatEmulator api/ImageCollection.Api worker/ImageCollection.Worker; do
  dotnet build "$project" -c Release --nologo -v quiet -clp:NoSummary >/dev/null \
    || { dotnet build "$project" -c Release --nologo -v quiet; ic_die "build failed: $project"; }
done
bin() { echo "$IC_ROOT/$1/bin/Release/net10.0/linux-x64/$(basename "$1").dll"; }

# host DLL [ARGS...]: runs a built host from its own folder (its content root, where its appsettings.json is).
host() { local dll="$1"; shift; (cd "$(dirname "$dll")" && exec dotnet "$dll" "$@"); }

# start NAME DLL [ARGS...]: runs a host in the background, its output prefixed on the terminal and kept in .data/logs.
# The background subshell execs dotnet, so the recorded PID is the host's own and stopping reaches it.
# NICE=N before it lowers the host's CPU priority (nice execs dotnet: the PID stays the host's).
start() {
  local name="$1" dll="$2"; shift 2
  (cd "$(dirname "$dll")" && exec nice -n "${NICE:-0}" dotnet "$dll" "$@") > >(tee -a "$DATA/logs/$name.log" | sed -u "s/^/[$name] /") 2>&1 &
  child_pids+=("$!")
}

api_urls="${ASPNETCORE_URLS:-http://127.0.0.1:${IC_API_PORT:-5080}}"
api_url="${api_urls%%;*}"
api_url="${api_url/0.0.0.0/127.0.0.1}"; api_url="${api_url/\[::\]/127.0.0.1}"; api_url="${api_url/+/127.0.0.1}"; api_url="${api_url/\*/127.0.0.1}"
# The management listeners, on loopback: the API's /metrics on a port of its own (added to its URLs, never served on
# the public one), the worker's health and metrics on its only listener.
api_metrics_port="${Management__Port:-${IC_API_METRICS_PORT:-9464}}"
worker_url="${Management__Urls:-http://127.0.0.1:${IC_WORKER_PORT:-9465}}"
# WeChat posts payment and refund results to the API (plain http is fine on loopback; production uses https).
export WechatPay__NotifyUrl="${WechatPay__NotifyUrl:-$api_url/api/v1/payments/wechat/notify}"
export WechatPay__RefundNotifyUrl="${WechatPay__RefundNotifyUrl:-$api_url/api/v1/payments/wechat/refund-notify}"

if [ -z "${WechatPay__BaseUrl:-}" ] || [ -z "${Wechat__MiniProgram__BaseUrl:-}" ]; then
  emu_url="${Emulator__Urls:-http://127.0.0.1:${IC_EMULATOR_PORT:-5090}}"
  export Emulator__DataPath="${Emulator__DataPath:-$DATA/wechat-emulator}" Emulator__Urls="$emu_url"
  start emulator "$(bin infra/ImageCollection.WechatEmulator)"
  ic_wait_http "$emu_url/" 60 || ic_die "the WeChat emulator did not start (see $DATA/logs/emulator.log)"
  export Wechat__MiniProgram__BaseUrl="$emu_url" WechatPay__BaseUrl="$emu_url"
  # The emulator takes any template id: with these, the subscribe messages of a local run reach it (/control/messages).
  export Wechat__MiniProgram__Templates__ReviewResult="${Wechat__MiniProgram__Templates__ReviewResult:-DEV-REVIEW-RESULT}"
  export Wechat__MiniProgram__Templates__OrderStatus="${Wechat__MiniProgram__Templates__OrderStatus:-DEV-ORDER-STATUS}"
  export Wechat__MiniProgram__Templates__OrderException="${Wechat__MiniProgram__Templates__OrderException:-DEV-ORDER-EXCEPTION}"
  # The emulator writes the settings the API needs to verify it (its PUB_KEY_ID_… and public key).
  for i in $(seq 1 50); do [ -f "$Emulator__DataPath/api.env" ] && break; sleep 0.1; done
  set -a; source "$Emulator__DataPath/api.env"; set +a
fi


ic_log "applying migrations"
host "$(bin api/ImageCollection.Api)" migrate
if [ ! -f "$DATA/admin-password" ]; then
  (umask 077; openssl rand -base64 18 | tr -d '/+=' > "$DATA/admin-password")
  IC_ADMIN_PASSWORD="$(cat "$DATA/admin-password")" host "$(bin api/ImageCollection.Api)" create-admin admin
fi

# On one machine the API's answers go before the worker's background work (photo checks are CPU-bound): the worker runs
# at a lower priority and takes the CPU the API leaves (IC_WORKER_NICE=0 to run them alike).
Management__Urls="$worker_url" NICE="${IC_WORKER_NICE:-10}" start worker "$(bin worker/ImageCollection.Worker)"
Management__Port="$api_metrics_port" ASPNETCORE_URLS="$api_urls;http://127.0.0.1:$api_metrics_port" start api "$(bin api/ImageCollection.Api)"
ic_wait_http "$api_url/health/ready" 90 || ic_die "the API is not ready after 90 s (see $DATA/logs/api.log)"

cat >&2 <<BANNER

  ImageCollection is running
    API              $api_url
    Staff console    $api_url/console/   (log in as admin, below)
    API reference    $api_url/scalar
    OpenAPI          $api_url/openapi/v1.yaml
    Hangfire         $api_url/staff/hangfire   (log in as staff first: POST /api/v1/staff/auth/login)
    Health           $api_url/health/ready
    Metrics          http://127.0.0.1:$api_metrics_port/metrics   (Prometheus; loopback only)
    Worker           ${worker_url}/health/ready   ${worker_url}/metrics
    Staff admin      admin / $(cat "$DATA/admin-password" 2>/dev/null || echo '(configured elsewhere)')
    WeChat emulator  ${Wechat__MiniProgram__BaseUrl}
  Logs in $DATA/logs/. Ctrl-C stops everything started here.

BANNER
wait -n "${child_pids[@]}" || true
ic_log "a host exited; stopping the rest"
