#!/usr/bin/env bash
# Reading `dotnet test --logger "console;verbosity=normal"` output: one result line per test
# ("  Passed HermesX.Tests.Foo.Bar [12 ms]"), xUnit's "Finished: <assembly>" line, and per test
# assembly a summary block ("Total tests: N", "Passed: N", "Failed: N", "Skipped: N").
# Sourced by test.sh after common.sh.

# The interval, in seconds, between two progress lines.
HERMES_TEST_PROGRESS_SECONDS="${HERMES_TEST_PROGRESS_SECONDS:-30}"

# A filter for the terminal: every line but the passed tests' result lines goes through, so
# failures show as they happen; the passes become one progress line every
# HERMES_TEST_PROGRESS_SECONDS, naming the last test that finished. The log keeps every line.
hermes_test_progress() {
  # Plain bash, not awk: mawk reads a pipe in blocks, which would hold the lines back.
  local line outcome name passed=0 failed=0 skipped=0 last="" shown="$SECONDS"
  while IFS= read -r line; do
    if [[ "$line" =~ ^"  "(Passed|Failed|Skipped)" "([^ ]+) ]]; then
      outcome="${BASH_REMATCH[1]}"
      name="${BASH_REMATCH[2]%%(*}"
      case "$outcome" in
        Passed) passed=$((passed + 1)) ;;
        Failed) failed=$((failed + 1)) ;;
        *) skipped=$((skipped + 1)) ;;
      esac
      last="$name"
      [ "$outcome" = Passed ] || printf '%s\n' "$line"
      if [ $((SECONDS - shown)) -ge "$HERMES_TEST_PROGRESS_SECONDS" ]; then
        hermes_log "tests so far: $passed passed, $failed failed, $skipped skipped (last: $last)"
        shown="$SECONDS"
      fi
    else
      printf '%s\n' "$line"
    fi
  done
}

# Reads a finished run's log. Prints one line per test assembly, "name total Passed|Failed duration"
# (its tests counted from the result lines, whose names start with the assembly name, so the count
# holds when assemblies run side by side), then a last line "failed passed skipped" summed over the
# assemblies' summary blocks.
hermes_test_results() {
  awk '
    function duration(clock,   parts, seconds) {
      split(clock, parts, ":")
      seconds = int(parts[1] * 3600 + parts[2] * 60 + parts[3])
      return seconds < 60 ? seconds " s" : int(seconds / 60) " m " seconds % 60 " s"
    }
    /^Test run for .*\.dll/ {
      name = $4
      sub(/.*\//, "", name)
      sub(/\.dll$/, "", name)
      if (!(name in known)) { known[name] = 1; order[++count] = name }
      next
    }
    /^  (Passed|Failed|Skipped) / {
      owner = ""
      for (i = 1; i <= count; i++) {
        if (index($2, order[i] ".") == 1 && length(order[i]) > length(owner)) owner = order[i]
      }
      if (owner != "") { total[owner]++; if ($1 == "Failed") failures[owner]++ }
      next
    }
    /^\[xUnit\.net [0-9:.]+\] +Finished: / {
      clock = $2
      sub(/\]$/, "", clock)
      took[$NF] = duration(clock)
      next
    }
    /^Total tests: [0-9]+/ { block = 1; next }
    block && /^ *Passed: [0-9]+/ { sum["passed"] += $2; next }
    block && /^ *Failed: [0-9]+/ { sum["failed"] += $2; next }
    block && /^ *Skipped: [0-9]+/ { sum["skipped"] += $2; next }
    block && /^ *Total time:/ { block = 0; next }
    END {
      for (i = 1; i <= count; i++) {
        name = order[i]
        if (!(name in total)) continue
        print name, total[name], (failures[name] > 0 ? "Failed" : "Passed"), (name in took ? took[name] : "?")
      }
      print sum["failed"] + 0, sum["passed"] + 0, sum["skipped"] + 0
    }
  ' "$1"
}
