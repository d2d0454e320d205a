# Shared by run.sh and test.sh: installing prerequisites and starting local PostgreSQL / s3rver.
# Sourced, not executed. Everything prints what it does; failures stop the caller (set -e there).

IC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IC_SHARED="${IC_SHARED:-$(cd "$IC_ROOT/.." && pwd)/shared}"

ic_log() { printf '\033[1;34m[ic]\033[0m %s\n' "$*" >&2; }
ic_die() { printf '\033[1;31m[ic] error:\033[0m %s\n' "$*" >&2; exit 1; }

# Runs a command as root (directly, or through sudo when we are not root).
ic_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else ic_die "need root to run: $* (install it by hand, or run as root)"; fi
}

ic_apt_updated=""
ic_apt_install() {
  command -v apt-get >/dev/null 2>&1 || ic_die "apt-get not found: install $* by hand"
  if [ -z "$ic_apt_updated" ]; then ic_log "apt-get update"; ic_as_root apt-get update -qq; ic_apt_updated=1; fi
  ic_log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive ic_as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Debian keeps the server programs in /usr/lib/postgresql/<version>/bin; `which initdb` alone is not enough.
ic_pg_bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1; then
    dir="$(pg_config --bindir 2>/dev/null || true)"
    if [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then echo "$dir"; return 0; fi
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

ic_install_prerequisites() {
  command -v dotnet >/dev/null 2>&1 || ic_die "the .NET SDK (dotnet) is not on PATH"
  ic_pg_bindir >/dev/null || ic_apt_install postgresql
  ic_pg_bindir >/dev/null || ic_die "PostgreSQL server programs still missing after install"
  # OpenCvSharp's Linux runtime links against GTK 3.
  ldconfig -p 2>/dev/null | grep -q 'libgtk-3\.so\.0' || ic_apt_install libgtk-3-0
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || ic_apt_install nodejs npm
  command -v openssl >/dev/null 2>&1 || ic_apt_install openssl
  # The worker sets print captions and labels in these (Delivery:PrintFontPath, Delivery:PrintLatinFontPath).
  [ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || ic_apt_install fonts-droid-fallback
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || ic_apt_install fonts-dejavu-core
  ic_install_node_tools
}

# The browser the console's tests drive (Playwright .NET launches it by path: browsers are not downloaded) and CJK fonts
# for its screenshots.
ic_install_browser() {
  [ -x /usr/bin/chromium ] || ic_apt_install chromium
  [ -x /usr/bin/chromium ] || ic_die "chromium still missing after install (apt-get install chromium)"
  fc-list :lang=zh 2>/dev/null | grep -qi 'noto.*cjk' || ic_apt_install fonts-noto-cjk
}

# The staff console (console/): npm ci when its lock changed, then the type check and vite build into console/dist when
# a source, the lock or the contract changed since the last build. CONSOLE_DIST is where the API serves it from.
ic_build_console() {
  local dir="$IC_ROOT/console"
  local lock_stamp="$dir/node_modules/.ic-lock-sha" build_stamp="$dir/dist/.ic-build-sha" want_lock want_build
  want_lock="$(sha256sum "$dir/package-lock.json" | cut -c1-64)"
  if [ ! -f "$lock_stamp" ] || [ "$(cat "$lock_stamp")" != "$want_lock" ]; then
    ic_log "npm ci (console)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$want_lock" > "$lock_stamp"
  fi
  want_build="$( (cd "$dir" && find src index.html vite.config.ts tsconfig.json package-lock.json -type f ! -name schema.d.ts -print0 \
    | sort -z | xargs -0 sha256sum; sha256sum "$IC_ROOT/openapi.yaml") | sha256sum | cut -c1-64)"
  if [ ! -f "$build_stamp" ] || [ "$(cat "$build_stamp")" != "$want_build" ]; then
    ic_log "building the console (type check against openapi.yaml, vite build)"
    (cd "$dir" && npm run build --silent >/dev/null) || { (cd "$dir" && npm run build); ic_die "console build failed"; }
    echo "$want_build" > "$build_stamp"
  fi
  [ -f "$dir/dist/index.html" ] || ic_die "console/dist/index.html is missing after the build"
  CONSOLE_DIST="$dir/dist"
}

# s3rver (pinned in infra/package-lock.json) and its namespace patch, installed with npm ci when the lock changed.
ic_install_node_tools() {
  local stamp="$IC_ROOT/infra/node_modules/.ic-lock-sha"
  local want; want="$(cat "$IC_ROOT/infra/package-lock.json" "$IC_ROOT"/infra/patches/* | sha256sum | cut -c1-64)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    ic_log "npm ci (infra: s3rver)"
    (cd "$IC_ROOT/infra" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$want" > "$stamp"
  fi
  [ -f "$IC_ROOT/infra/node_modules/s3rver/bin/s3rver.js" ] || ic_die "s3rver is missing after npm ci"
}

# Runs a command as the unprivileged postgres user when we are root (initdb and postgres refuse root).
ic_as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Makes DIR and every folder above it traversable by the postgres user (a checkout under a private home is not).
ic_pg_traversable() {
  local dir="$1"
  [ "$(id -u)" -eq 0 ] || return 0
  while [ "$dir" != "/" ]; do
    if ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then
      ic_log "making $dir traversable (o+x) for the postgres user"
      chmod o+x "$dir"
    fi
    dir="$(dirname "$dir")"
  done
}

# ic_pg_start DATA_DIR PORT: creates the cluster if needed and starts it on 127.0.0.1:PORT. Prints nothing on stdout.
ic_pg_start() {
  local data="$1" port="$2" bindir; bindir="$(ic_pg_bindir)"
  mkdir -p "$data"
  ic_pg_traversable "$(dirname "$data")"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$data" && chmod 700 "$data"
  if [ ! -f "$data/PG_VERSION" ]; then
    ic_log "initdb $data"
    ic_as_pg "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ic_as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    ic_log "PostgreSQL already running for $data"; return 0
  fi
  ic_log "starting PostgreSQL on 127.0.0.1:$port"
  ic_as_pg "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null \
    || { tail -20 "$data/server.log" >&2; ic_die "PostgreSQL did not start"; }
}

ic_pg_stop() {
  local data="$1" bindir; bindir="$(ic_pg_bindir)"
  ic_as_pg "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# ic_s3_start DATA_DIR PORT: starts s3rver in the background; its PID goes to DATA_DIR/../s3rver.pid.
ic_s3_start() {
  local data="$1" port="$2"
  mkdir -p "$data"
  ic_log "starting s3rver on 127.0.0.1:$port"
  node "$IC_ROOT/infra/node_modules/s3rver/bin/s3rver.js" -d "$data" -a 127.0.0.1 -p "$port" --silent \
    >"$data.log" 2>&1 &
  echo $! > "$data.pid"
  local i
  for i in $(seq 1 50); do
    (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  cat "$data.log" >&2; ic_die "s3rver did not start"
}

ic_wait_http() { # URL SECONDS
  local i
  for i in $(seq 1 $(( $2 * 4 ))); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.25
  done
  return 1
}
