# Sourced by tests/checker/threads.sh and mpi.sh: blank() reads a report
# (text or JSON) and blanks its statistics (states, transitions, seconds,
# peak bytes, and how many states partial order reduction reduced), which
# depend on when a search stopped and how long it ran, so that reports of
# the same checks can be compared byte for byte.
blank() {
	sed -E 's/\([0-9]+ states?, [0-9]+ transitions?, [0-9.]+ s\)/(stats)/; s/"stats": \{[^}]*\}/"stats": {}/g;
		s/partial order reduction: [0-9]+ of [0-9]+ states reduced/partial order reduction: (stats)/g'
}
