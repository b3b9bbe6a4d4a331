#!/bin/sh
# Peak memory of `cliodest activate` over a large JSON Lines Nexset.
# Usage: bench/rss.sh [SIZE_MB] [dry-run|deliver]   (default: 1024 dry-run)
# A dry run reads, maps, validates against Clio's catalogue, batches and
# consults the ledger for every record: everything but the network.
# deliver sends every record to a `cliodest sandbox` without rate limit (a
# separate process, not measured): about 2,000 records (0.36 MB) a second.
set -eu
size_mb=${1:-1024}
mode=${2:-dry-run}
case $mode in dry-run|deliver) ;; *) echo "rss.sh: mode must be dry-run or deliver, not $mode" >&2; exit 2;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "${CLIODEST_BIN:-}" ]; then cp "$CLIODEST_BIN" "$work/cliodest"; else go build -o "$work/cliodest" "$root"; fi
python3 - "$work/records.jsonl" "$size_mb" <<'PY'
import sys
path, size = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
pad = "x" * 80
with open(path, "w") as f:
    i, written = 0, 0
    while written < size:
        i += 1
        line = '{"id":"R%d","date":"2024-03-04","hours":1.5,"note":"record R%d %s","matter_id":3001}\n' % (i, i, pad)
        f.write(line)
        written += len(line)
print("records:", i, file=sys.stderr)
PY
cat > "$work/dest.yaml" <<'YAML'
version: 1
id: rssbench
name: RSS bench
status: paused
nexset: {path: records.jsonl, key: id}
credential: firm
endpoint: {template: create_activity}
api_version: 4.0.10
passthrough: false
mapping:
  - {target: type, value: TimeEntry}
  - {target: date, source: date, convert: date}
  - {target: quantity, source: hours, convert: hours_to_seconds}
  - {target: note, source: note}
  - {target: matter.id, source: matter_id, convert: integer}
batching: {enabled: false}
response_webhook: {enabled: false}
YAML
ls -l "$work/records.jsonl" | awk '{printf "nexset: %.0f MB\n", $5/1048576}'
if [ "$mode" = deliver ]; then
	: >"$work/sandbox.env" # exists before the loop below reads it
	"$work/cliodest" sandbox --addr 127.0.0.1:0 --rate-limit -1 >>"$work/sandbox.env" 2>/dev/null &
	sandbox=$!
	trap 'kill $sandbox 2>/dev/null; rm -rf "$work"' EXIT
	while [ "$(wc -l <"$work/sandbox.env")" -lt 2 ]; do sleep 0.1; done
	. "$work/sandbox.env"
	flag=
else
	flag=--dry-run
fi
CLIODEST_CONFIG_DIR="$work/config" /usr/bin/time -v "$work/cliodest" activate $flag "$work/dest.yaml" 2>"$work/time.txt" || true
grep -E "Dry run|Delivered|Maximum resident|Elapsed \(wall" "$work/time.txt"
