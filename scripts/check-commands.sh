#!/usr/bin/env bash
# Runs every tf-serverless command's --help and the everyday user errors (issue 14) from the repository root and
# fails when any output holds a stack trace ("    at …" frames), a help exits non-zero, or an error exits 0.
# No network and no AWS account needed (AWS settings are cleared). Usage: scripts/check-commands.sh
set -uo pipefail
cd "$(dirname "$0")/.."
BIN="node bin/tf-serverless.js"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"; [ -n "${HOLDER:-}" ] && kill "$HOLDER" 2>/dev/null' EXIT
unset AWS_REGION AWS_DEFAULT_REGION AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN TF_SERVERLESS_DEBUG
export AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent AWS_EC2_METADATA_DISABLED=true
failures=0

# check WANT_EXIT DESCRIPTION -- COMMAND…   (WANT_EXIT: 0, or "fail" for any non-zero exit)
check() {
  local want=$1 what=$2; shift 3
  local out code
  out=$("$@" 2>&1); code=$?
  local bad=''
  if [ "$want" = 0 ] && [ $code -ne 0 ]; then bad="exit $code, wanted 0"; fi
  if [ "$want" = fail ] && [ $code -eq 0 ]; then bad='exit 0, wanted an error'; fi
  if grep -qE '^\s+at .+' <<<"$out"; then bad="${bad:+$bad; }stack trace in the output"; fi
  if [ -n "$bad" ]; then
    failures=$((failures + 1)); echo "FAIL $what: $bad"; sed 's/^/    /' <<<"$out" | head -20
  else
    echo "ok   $what (exit $code): $(grep -v '^\s*$' <<<"$out" | head -1 | cut -c1-150)"
  fi
}

check 0 '--version' -- $BIN --version
check 0 '--help' -- $BIN --help
for c in serve show run push label rollback; do
  check 0 "$c --help" -- $BIN $c --help
  check 0 "$c -h" -- $BIN $c -h
  check fail "$c with an unknown option" -- $BIN $c --no_such_option
done
check fail 'an unknown command' -- $BIN nosuchcommand
check fail 'run --request @missing.json' -- $BIN run --dir models/half_plus_two/1 --request @request.json
check fail 'run with a wrong-shape request' -- $BIN run --dir models/digits/1 --request '{"instances": [1.0]}'
check fail 'show of a missing directory' -- $BIN show --dir /nonexistent/1
check fail 'push without the version segment' -- $BIN push models/half_plus_two/1 s3://my-bucket/models/hp2
check fail 'label with no AWS region' -- $BIN label m stable 1 --registry s3://my-bucket/models
check fail 'rollback with no AWS credentials' -- env AWS_REGION=us-east-1 $BIN rollback m --registry s3://my-bucket/models
check fail 'label on a model not in the registry' -- $BIN label nomodel stable 1 --registry "$TMP"
check 0 'push without --publish (prints next steps)' -- $BIN push models/half_plus_two/1 "$TMP/hpt/1"

# A REST port in use: serve must say so in one line and exit (nothing left running).
node -e "require('net').createServer().listen(0,'127.0.0.1',function(){console.log(this.address().port)})" >"$TMP/port" &
HOLDER=$!
for _ in $(seq 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done
check fail 'serve on a port in use' -- timeout 60 $BIN serve --model_base_path="$PWD/models/half_plus_two" --rest_api_port="$(cat "$TMP/port")" --port=0 --host=127.0.0.1

# The deploy package with no params at all (the stack creates the models bucket): offline, dummy credentials.
check 0 'serverless package with no params' -- env HOME="$TMP" AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 \
  SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off npx serverless package --package "$TMP/sls-package"

echo "$failures failed"
[ $failures -eq 0 ]
