#!/usr/bin/env bash
# End-to-end test in a real terminal: builds cliodest, serves the sandbox with
# a request log, drives cliodest inside a detached tmux session (140x45,
# TERM=xterm-256color) by typing keys, waits for each screen by polling
# `tmux capture-pane`, then checks the saved destination file and the
# sandbox's log.
#
# Journeys:
#   1. the full-screen wizard (`cliodest`): Nexset samples/time-entries.csv,
#      the CLIODEST_TOKEN credential, template Create Activity, suggestions
#      accepted (the required type proposed as TimeEntry, one of its values), narrative
#      excluded (its note disappears from the side pane), batching and webhook
#      off (a template skips Batching), a test send (201), saved, sent with y
#      at "Send 21 records to Clio now?" (Later is the default; the test's object
#      is record 1's delivery); the file and the log are checked: 1 + 21
#      activities created, no narrative in any body;
#   2. `cliodest edit FILE` reopens that file with its choices intact;
#   3. the same journey in accessible mode (`cliodest --accessible`, whose
#      home menu lists journey 1's destination and offers a new one);
#   4. `cliodest demo`: the home opens on the demo folder; n opens the
#      wizard on the sandbox in demo mode, Ctrl-C returns to the home, q quits;
#   5. the home (`cliodest --dir home`) on two saved destinations: both are
#      listed, one is activated from it; the live view's final counts and
#      the list's are checked against the sandbox's log.
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

tries=$(awk -v t="$timeout" -v p="$poll" 'BEGIN { printf "%d", t / p }')

# wait_for TEXT: poll the screen until TEXT (fixed string) shows, or fail.
wait_for() {
	local text="$1"
	for ((i = 0; i < tries; i++)); do
		if screen | grep -qF -- "$text"; then
			return 0
		fi
		sleep "$poll"
	done
	fail "timed out after ${timeout}s waiting for: $text"
}

# wait_gone TEXT: poll the screen until TEXT no longer shows, or fail.
wait_gone() {
	local text="$1"
	for ((i = 0; i < tries; i++)); do
		if ! screen | grep -qF -- "$text"; then
			return 0
		fi
		sleep "$poll"
	done
	fail "timed out after ${timeout}s waiting for this to go: $text"
}

# keys KEY...: press named keys (Enter, Down, C-u, …) one after the other.
keys() { tmux send-keys -t "$session" "$@"; }

# type TEXT: type TEXT literally.
type_text() { tmux send-keys -t "$session" -l -- "$1"; }

# answer QUESTION [TEXT]: wait for QUESTION, type TEXT (may be empty), Enter.
answer() {
	wait_for "$1"
	if [[ -n "${2:-}" ]]; then
		type_text "$2"
	fi
	keys Enter
}

# run_cli ARGS: start "$cli ARGS" in the shell, echoing its exit code after.
run_cli() {
	type_text "\"\$cli\" $*; echo \"EXIT=\$?\""
	keys Enter
}

# clear_screen: forget what is on screen, so later waits see only new text.
clear_screen() {
	type_text 'clear'
	keys Enter
	tmux clear-history -t "$session"
	for ((i = 0; i < tries; i++)); do
		if ! screen | grep -qF 'EXIT='; then
			return 0
		fi
		sleep "$poll"
	done
	fail "the screen did not clear"
}

# log_mark: the number of lines in the sandbox log now.
log_mark() { wc -l <"$tmp/sandbox.jsonl" | tr -d ' '; }

# log_since MARK: the sandbox log lines written after MARK.
log_since() { tail -n "+$(($1 + 1))" "$tmp/sandbox.jsonl"; }

# created_since MARK: how many activities the sandbox created (201) after MARK.
created_since() {
	log_since "$1" | grep -cE '"method":"POST","path":"/api/v4/activities.json[^"]*","status":201' || true
}

# check_file FILE WANT...: FILE holds every WANT (fixed strings).
check_file() {
	local file="$1" want
	shift
	[[ -f "$file" ]] || fail "no destination file at $file"
	for want in "$@"; do
		grep -qF -- "$want" "$file" || { cat "$file" >&2; fail "$file lacks: $want"; }
	done
	if grep -qF -- "$token" "$file"; then
		fail "the token reached $file"
	fi
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
token="$(sed -n "s/^export CLIODEST_TOKEN=//p" "$tmp/sandbox.env" | tr -d "'\"")"
[[ -n "$token" ]] || fail "the sandbox printed no token"

# The narratives of the sample Nexset: journeys exclude them, so none may
# reach the sandbox. The CSV has no quoted fields (checked).
csv="$work/samples/time-entries.csv"
awk -F, 'NR > 1 && (NF != 8 || /"/) { bad = 1 } END { exit bad }' "$csv" || fail "$csv changed shape: 8 plain columns expected"
mapfile -t narratives < <(awk -F, 'NR > 1 && $7 != "" { print $7 }' "$csv")
((${#narratives[@]} > 0)) || fail "no narratives read from $csv"

# no_narrative_since MARK: no narrative of the Nexset in any body logged after MARK.
no_narrative_since() {
	local n
	for n in "${narratives[@]}"; do
		if log_since "$1" | grep -qF -- "$n"; then
			fail "the excluded narrative reached the sandbox: $n"
		fi
	done
	if log_since "$1" | grep -F '"method":"POST"' | grep -qF '"note":'; then
		fail "a note (mapped from the excluded narrative) reached the sandbox"
	fi
}

tmux new-session -d -s "$session" -x 140 -y 45 -c "$work" "env -i HOME='$tmp' PATH='$PATH' TERM=xterm-256color PS1='$ ' bash --norc --noprofile"
type_text ". '$tmp/sandbox.env'; export CLIODEST_CONFIG_DIR='$tmp/config'; cli='$cli'"
keys Enter

# --- journey 1: the full-screen wizard, end to end ---
echo "tmux-e2e: journey 1: the wizard"
dest="$work/e2e-wizard.yaml"
mark=$(log_mark)
run_cli
wait_for "Nexset file (JSON Lines, JSON, CSV or Excel)"
type_text "samples/time-entries.csv"       # after the prefilled working directory
keys Enter
wait_for "Records: 22"
wait_for "narrative               string"
keys Enter                                 # on to Credential
wait_for "token from CLIODEST_TOKEN"
keys Enter                                 # check it against who_am_i; connected, on to Endpoint
wait_for "Connected as Jane Doe"
wait_for "[Create Activity]"
keys Enter Enter                           # Template, then Create Activity
wait_for "Suggestions from the Nexset's names are filled in"
for want in "← work_date (date)" "← hours (hours_to_seconds)" "← narrative"; do
	wait_for "$want"
done
wait_for '"note": "Client meeting'        # the side pane shows the mapped narrative
wait_for "= TimeEntry"                     # the required type, proposed from the mapped hours
wait_for '"type": "TimeEntry"'
keys Down Enter                            # open it: Clio's values are the choices
wait_for "type (required) string"
wait_for "= SoftCostEntry"
keys Enter                                 # keep TimeEntry
wait_for "* required. Suggestions"         # back on the list
wait_for '"type": "TimeEntry"'
keys Tab                                   # on to Exclude
wait_for "Ticked attributes are never sent"
keys Down Down Down Down Down              # activity_description_id … narrative
wait_for "> [ ] narrative"
keys Space
wait_for "Excluded: narrative"
wait_gone '"note": "Client meeting'       # gone from the side pane at once
keys Enter                                 # a template skips Batching (one record per request)
wait_for "Response webhook"
screen | grep -qF "[ ] off" || fail "the webhook is not off by default"
keys Enter
wait_for "Record 1 of"
keys s
wait_for "Status: 201"
keys Enter
wait_for "Save the destination to"
keys C-u
type_text "$dest"
keys Enter
wait_for "Send 21 records to Clio now?"       # counted by a dry run over the whole Nexset; record 1 is the test's
wait_for "[Later]"                           # Later is the default: two Enters never send
keys y
wait_for "Activation done: 21 delivered, 0 failed, 0 in doubt, 1 skipped"
wait_for "See it with: cliodest status"
wait_gone "activating…"
keys Enter
wait_for "EXIT=0"

echo "tmux-e2e: checking the saved destination"
check_file "$dest" 'status: active' 'path: samples/time-entries.csv' 'template: create_activity' \
	'{target: type, value: TimeEntry}' '{target: date, source: work_date, convert: date}' \
	'{target: quantity, source: hours, convert: hours_to_seconds}' '{target: matter.id, source: matter_id}' \
	'- narrative'
echo "tmux-e2e: checking the sandbox log"
created=$(created_since "$mark")
# 1 test send (kept as record 1's delivery) + 21 records activated.
[[ "$created" -eq 22 ]] || { log_since "$mark" | tail -5 >&2; fail "sandbox log shows $created activities created (201), want 22 (record 1's by the test send)"; }
no_narrative_since "$mark"

# --- journey 2: cliodest edit reopens the file with its choices intact ---
echo "tmux-e2e: journey 2: edit"
clear_screen
run_cli edit "'$dest'"
wait_for "Nexset file (JSON Lines, JSON, CSV or Excel)"
wait_for "samples/time-entries.csv"
wait_for "Records: 22"
keys Enter
wait_for "token from CLIODEST_TOKEN"
keys Enter
wait_for "Connected as Jane Doe"
wait_for "[Create Activity]"
keys Enter Enter
wait_for "= TimeEntry"
wait_for "← hours (hours_to_seconds)"
keys Tab
wait_for "[x] narrative"
keys C-c
for ((i = 0; i < tries; i++)); do
	s="$(screen)"
	if grep -qF 'EXIT=' <<<"$s"; then break; fi
	if grep -qF 'Discard this destination?' <<<"$s"; then keys y; fi
	sleep "$poll"
done
wait_for "EXIT="
check_file "$dest" 'status: active' '{target: type, value: TimeEntry}' '- narrative'

# --- journey 3: the accessible wizard, end to end ---
echo "tmux-e2e: journey 3: accessible wizard"
clear_screen
dest="$work/e2e-accessible.yaml"
mark=$(log_mark)
run_cli --accessible
answer "Which destination?" "New destination"   # the folder holds journey 1's: the home's menu first
answer "Nexset: a number from the list or a file path" "samples/time-entries.csv"
wait_for "22 records."
answer "Change how it is read" ""               # comma separated UTF-8, as detected
answer "Attribute that identifies a record" "entry_id"
answer "Time zone of the firm's dates" ""       # this machine's zone, or none
answer "Choose 1 to 1" "1"                      # CLIODEST_TOKEN
wait_for "Connected as Jane Doe"
answer "Choose 1 to 9" "1"                      # Create Activity (4 templates, 4 intake templates, Advanced)
answer "Choose 1 to 3" ""                       # a changed record: update, the default
answer "Choose 1 to 2" ""                       # a removed record: keep, the default
answer "type (string" "=TimeEntry"
answer "date (string, required) [work_date:date]"
answer "activity_description.id (integer"
answer "matter.id (integer"
answer "note (string) [narrative]"
answer "quantity (number) [hours:hours_to_seconds]"
answer "user.id (integer"
answer "Another Clio attribute to fill"
answer "Attributes never sent" "narrative"
answer "Response webhook URL" ""
answer "JSON Lines file that receives" ""
wait_for "Sample payload 1:"
answer "Send a test request now?" "y"
answer "Which record, 1 to 22 [1]"
wait_for "Status: 201 (accepted)"
answer "Choose 1 to 2 [1]"                    # keep the test's object as record 1's delivery
answer "Send another test request?" "n"
answer "Save the destination to" "$dest"
answer "Name of the destination" "E2E time entries"
answer "Activate now?" "y"
wait_for "Delivered 22 of 22 records"
for ((i = 0; i < tries; i++)); do               # back on the home's menu, which now lists it
	[[ $(screen | grep -c "Which destination?") -ge 2 ]] && break
	sleep "$poll"
done
wait_for "E2E time entries (e2e-accessible.yaml) · active"
type_text "Quit"
keys Enter
wait_for "EXIT=0"

echo "tmux-e2e: checking the saved destination and the sandbox log"
check_file "$dest" 'name: E2E time entries' 'status: active' 'path: samples/time-entries.csv' 'key: entry_id' \
	'template: create_activity' '{target: type, value: TimeEntry}' '{target: date, source: work_date, convert: date}' \
	'{target: quantity, source: hours, convert: hours_to_seconds}' '- narrative'
created=$(created_since "$mark")
[[ "$created" -eq 22 ]] || { log_since "$mark" | tail -5 >&2; fail "sandbox log shows $created activities created (201), want 22 (record 1's by the test send)"; }
no_narrative_since "$mark"

# --- journey 4: cliodest demo opens the home; n opens the wizard from it ---
echo "tmux-e2e: journey 4: demo"
clear_screen
run_cli demo --dir demo
wait_for "Demo: a sandbox Clio on this machine"
wait_for "destination(s) in"
wait_for "never activated"
keys n
wait_for "Nexset"
wait_gone "destination(s) in"
keys C-c
for ((i = 0; i < tries; i++)); do
	s="$(screen)"
	if grep -qF 'destination(s) in' <<<"$s"; then break; fi
	if grep -qF 'Discard this destination?' <<<"$s"; then keys y; fi
	sleep "$poll"
done
wait_for "destination(s) in"                  # back on the home
keys q
wait_for "EXIT=0"
[[ -f "$work/demo/time-entries.csv" && -f "$work/demo/time-entries.yaml" ]] || fail "demo did not write its samples into demo/"

# --- journey 5: the home on a folder of two saved destinations ---
# Both are listed; one is activated from the home against the sandbox; its
# live view ends with the counts the sandbox's log shows.
echo "tmux-e2e: journey 5: the home"
clear_screen
mkdir -p "$work/home"
cp "$repo/samples/expenses.yaml" "$repo/samples/expenses.jsonl" "$repo/samples/time-entries.yaml" "$repo/samples/time-entries.csv" "$work/home/"
mark=$(log_mark)
run_cli --dir home
wait_for "2 destination(s) in home"
wait_for "Expenses"
wait_for "Time entries"
wait_for "never activated"
keys End                                   # Time entries (the rows follow the file names)
wait_for "time-entries.yaml · Create Activity"
keys a
wait_for "Activate Time entries? (y/N)"
keys y
wait_for "Activation of Time entries"
wait_for "22/22"
wait_for "Delivered 22 · Failed 0 · In doubt 0"
wait_for "Done in"
keys Escape
wait_for "22        0      0        0"         # the row's counts, read from its ledger
keys q
wait_for "EXIT=0"
created=$(created_since "$mark")
[[ "$created" -eq 22 ]] || { log_since "$mark" | tail -5 >&2; fail "sandbox log shows $created activities created (201), want 22"; }
grep -qF 'status: active' "$work/home/time-entries.yaml" || fail "the activated destination is not active"
grep -qF 'status: paused' "$work/home/expenses.yaml" || fail "the other destination changed"

echo "tmux-e2e: all journeys passed"
