#!/bin/sh
# The nightly script of issue 25, as a firm would write it from the README:
# check the credential, validate the destination, deliver, and branch on
# the exit code alone. Usage: nightly.sh CREDENTIAL DESTINATION EVENTS_FILE
cred=$1 dest=$2 events=$3

verdict() {
	case $1 in
	0) echo "nightly: ok" ;;
	1) echo "nightly: attention: records failed or in doubt, or the destination needs a fix (see above; cliodest status --failed --in-doubt $dest)" ;;
	2) echo "nightly: the script is wrong (bad usage)" ;;
	3) echo "nightly: stopped early: try again later" ;;
	130) echo "nightly: interrupted" ;;
	*) echo "nightly: unknown exit code $1" ;;
	esac
	exit "$1"
}

cliodest credentials check "$cred" || verdict $?
cliodest validate "$dest" || verdict $?
cliodest activate --json "$dest" > "$events"
code=$?
if [ "$code" -eq 1 ]; then
	# In doubt after faults: look each one up in Clio before sending it again.
	cliodest retry --in-doubt --json "$dest" >> "$events"
	code=$?
fi
verdict "$code"
