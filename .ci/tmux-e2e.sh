#!/usr/bin/env bash
# End-to-end test in a real terminal: builds cliodest, serves the sandbox with
# a request log, drives cliodest inside a detached tmux session by typing
# keys, waits for each screen by polling `tmux capture-pane`, then checks the
# saved destination file and the sandbox's log.
#
# Journeys:
#   1. the wizard in accessible mode (`cliodest --accessible`): Nexset
#      samples/time-entries.csv, CLIODEST_TOKEN, Create Activity, suggestions
#      accepted, internal_notes excluded, a test send, saved, activated now;
#   2. `cliodest demo`: the full-screen wizard opens on the sandbox in demo
#      mode and closes cleanly on Ctrl-C.
#
# Run from anywhere: bash .ci/tmux-e2e.sh. Needs go and tmux.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
session="cliodest-e2e-$$"
sandbox_pid=""
poll=0.2     # seconds between screen polls
timeout=30   # seconds to wait for any one screen

cleanup() {
	tmux kill-session -t "$session" 2>/dev/null || true
	if [[ -n "$sandbox_pid" ]]; then
		kill "$sandbox_pid" 2>/dev/null || true
		wait "$sandbox_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
	echo "tmux-e2e: FAIL: $*" >&2
	echo "---- last screen ----" >&2
	tmux capture-pane -p -J -t "$session" >&2 2>/dev/null || echo "(no tmux session)" >&2
	echo "---------------------" >&2
	exit 1
}

screen() { tmux capture-pane -p -J -S - -t "$session"; }

# wait_for TEXT: poll the screen until TEXT (fixed string) shows, or fail.
wait_for() {
	local text="$1" tries
	tries=$(awk -v t="$timeout" -v p="$poll" 'BEGIN { printf "%d", t / p }')
	for ((i = 0; i < tries; i++)); do
		if screen | grep -qF -- "$text"; then
			return 0
		fi
		sleep "$poll"
	done
	fail "timed out after ${timeout}s waiting for: $text"
}

# answer QUESTION [TEXT]: wait for QUESTION, type TEXT (may be empty), Enter.
answer() {
	wait_for "$1"
	if [[ -n "${2:-}" ]]; then
		tmux send-keys -t "$session" -l -- "$2"
	fi
	tmux send-keys -t "$session" Enter
}

# clear_screen: forget what is on screen, so later waits see only new text.
clear_screen() {
	tmux send-keys -t "$session" -l -- 'clear'
	tmux send-keys -t "$session" Enter
	tmux clear-history -t "$session"
	local tries
	tries=$(awk -v t="$timeout" -v p="$poll" 'BEGIN { printf "%d", t / p }')
	for ((i = 0; i < tries; i++)); do
		if ! screen | grep -qF 'EXIT='; then
			return 0
		fi
		sleep "$poll"
	done
	fail "the screen did not clear"
}

echo "tmux-e2e: building cliodest"
(cd "$repo" && go build -o "$tmp/cliodest" .)
cli="$tmp/cliodest"

work="$tmp/work"
mkdir -p "$work/samples" "$tmp/config"
cp "$repo"/samples/*.csv "$repo"/samples/*.jsonl "$repo"/samples/*.json "$work/samples/"

echo "tmux-e2e: starting the sandbox"
"$cli" sandbox --addr 127.0.0.1:0 --rate-limit -1 --log "$tmp/sandbox.jsonl" >"$tmp/sandbox.env" 2>"$tmp/sandbox.err" &
sandbox_pid=$!
for ((i = 0; i < 150; i++)); do
	[[ $(grep -c '^export ' "$tmp/sandbox.env" 2>/dev/null || true) -ge 2 ]] && break
	kill -0 "$sandbox_pid" 2>/dev/null || { cat "$tmp/sandbox.err" >&2; fail "the sandbox exited"; }
	sleep "$poll"
done
[[ $(grep -c '^export ' "$tmp/sandbox.env") -ge 2 ]] || fail "the sandbox printed no settings"

tmux new-session -d -s "$session" -x 140 -y 45 -c "$work" "env -i HOME='$tmp' PATH='$PATH' TERM=xterm-256color PS1='$ ' bash --norc --noprofile"
tmux send-keys -t "$session" -l -- ". '$tmp/sandbox.env'; export CLIODEST_CONFIG_DIR='$tmp/config'; cli='$cli'"
tmux send-keys -t "$session" Enter

# --- journey 1: the accessible wizard, end to end ---
echo "tmux-e2e: journey 1: accessible wizard"
dest="$work/e2e-destination.yaml"
tmux send-keys -t "$session" -l -- '"$cli" --accessible; echo "EXIT=$?"'
tmux send-keys -t "$session" Enter
answer "Nexset: a number from the list or a file path" "samples/time-entries.csv"
wait_for "22 records."
answer "Attribute that identifies a record" "entry_id"
answer "Choose 1 to 1" "1"                      # CLIODEST_TOKEN
wait_for "Connected as Jane Doe"
answer "Choose 1 to 5" "1"                      # Create Activity
answer "type (string" "=TimeEntry"
answer "date (string, required) [work_date:date]"
answer "activity_description.id (integer) [activity_description_id]"
answer "matter.id (integer) [matter_id]"
answer "note (string) [narrative]"
answer "quantity (number) [hours:hours_to_seconds]"
answer "user.id (integer) [user_id]"
answer "Another Clio attribute to fill"
answer "Attributes never sent" "internal_notes"
answer "Response webhook URL" ""
answer "JSON Lines file that receives" ""
wait_for "Sample payload 1:"
answer "Send a test request now?" "y"
answer "Which record, 1 to 22 [1]"
wait_for "Status: 201 (accepted)"
answer "Send another test request?" "n"
answer "Save the destination to" "$dest"
answer "Name of the destination" "E2E time entries"
answer "Activate now?" "y"
wait_for "Delivered 22 of 22 records"
wait_for "EXIT=0"

echo "tmux-e2e: checking the saved destination"
[[ -f "$dest" ]] || fail "no destination file at $dest"
for want in 'name: E2E time entries' 'status: active' 'path: samples/time-entries.csv' 'key: entry_id' \
	'template: create_activity' '{target: type, value: TimeEntry}' '{target: date, source: work_date, convert: date}' \
	'{target: quantity, source: hours, convert: hours_to_seconds}' '- internal_notes'; do
	grep -qF -- "$want" "$dest" || { cat "$dest" >&2; fail "destination file lacks: $want"; }
done
if grep -qF "$(sed -n "s/^export CLIODEST_TOKEN=//p" "$tmp/sandbox.env" | tr -d "'")" "$dest"; then
	fail "the token reached the destination file"
fi

echo "tmux-e2e: checking the sandbox log"
created=$(grep -cE '"method":"POST","path":"/api/v4/activities.json[^"]*","status":201' "$tmp/sandbox.jsonl" || true)
# 1 test send + 22 records activated.
[[ "$created" -eq 23 ]] || { tail -5 "$tmp/sandbox.jsonl" >&2; fail "sandbox log shows $created activities created (201), want 23"; }

# --- journey 2: cliodest demo opens the full-screen wizard ---
echo "tmux-e2e: journey 2: demo"
clear_screen
tmux send-keys -t "$session" -l -- '"$cli" demo --dir demo; echo "EXIT=$?"'
tmux send-keys -t "$session" Enter
wait_for "Demo: a sandbox Clio on this machine"
wait_for "Nexset"
tmux send-keys -t "$session" C-c
for ((i = 0; i < 50; i++)); do
	s="$(screen)"
	if grep -qF 'EXIT=' <<<"$s"; then break; fi
	if grep -qF 'Discard this destination?' <<<"$s"; then tmux send-keys -t "$session" y; fi
	sleep "$poll"
done
wait_for "EXIT="
screen | grep -qE 'EXIT=(0|130)' || fail "demo ended with an unexpected exit code"
[[ -f "$work/demo/time-entries.csv" && -f "$work/demo/time-entries.yaml" ]] || fail "demo did not write its samples into demo/"

echo "tmux-e2e: all journeys passed"
