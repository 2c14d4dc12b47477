#!/usr/bin/env bash
# Runs the tests that talk to another process (a real Celery worker, Redis, PostgreSQL, a
# browser) N times in a row and prints how many runs passed: a flaky test shows up here, not in
# CI. Usage: bench/repeat_real_services.sh [N] (default 20). Needs PostgreSQL and Redis, as CI.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
export CI=true
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/mentorat_repeat}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/14}
passed=0
started=$(date +%s)
for i in $(seq "$runs"); do
    if .venv/bin/python -m pytest -q -p no:cacheprovider -m "postgres or redis or browser" \
        --create-db tests >"var/repeat-$i.log" 2>&1; then
        passed=$((passed + 1))
        echo "run $i: $(tail -n 1 "var/repeat-$i.log")"
    else
        echo "run $i FAILED: see var/repeat-$i.log"
        grep -E "^(FAILED|ERROR)" "var/repeat-$i.log"
    fi
done
echo "$passed of $runs runs green in $(( $(date +%s) - started )) s"
[ "$passed" -eq "$runs" ]
