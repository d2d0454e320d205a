#!/usr/bin/env bash
# Runs an operator command of the API host against the stack infra/run.sh started, with the same generated settings:
#   infra/command.sh migrate
#   IC_ADMIN_PASSWORD=… infra/command.sh create-admin NAME
# The local PostgreSQL must be running (infra/run.sh is). Settings already in the environment win, as in run.sh;
# IC_DATA_DIR and IC_PG_PORT as there. In production run the published host instead (README, Operator commands).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IC_ROOT"

DATA="${IC_DATA_DIR:-$IC_ROOT/.data}"
[ -f "$DATA/secrets.env" ] || ic_die "no stack in $DATA: start it once with infra/run.sh"
source "$IC_ROOT/infra/dev-secrets.sh"
ic_dev_secrets "$DATA"
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"
export ConnectionStrings__Postgres="${ConnectionStrings__Postgres:-Host=127.0.0.1;Port=${IC_PG_PORT:-55432};Username=postgres;Database=imagecollection}"
dll="$IC_ROOT/api/ImageCollection.Api/bin/Release/net10.0/linux-x64/ImageCollection.Api.dll"
[ -f "$dll" ] || dotnet build api/ImageCollection.Api -c Release --nologo -v quiet -clp:NoSummary >/dev/null
cd "$(dirname "$dll")" && exec dotnet "$dll" "$@"
