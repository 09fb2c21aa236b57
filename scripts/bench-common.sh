# Shared by the scripts/bench-*.sh benchmarks; sourced, never run. The sourcing script sets bench_name
# and, before calling find_bench_program, build_dir.
# shellcheck disable=SC2154
# shellcheck shell=bash

die() { echo "$bench_name: $*" >&2; exit 2; }
note() { echo "$*" >&2; }

# Checks that an option has a positive whole number after it.
need_count() {
    if (($# < 2)) || ! [[ $2 =~ ^[1-9][0-9]*$ ]]; then die "$1 needs a positive number"; fi
}

# The command line, quoted so it can be pasted back into a shell, for the report's header.
quote_command() {
    local quoted
    quoted=$(printf '%q ' "$@")
    echo "${quoted% }"
}

# The benchmark program NAME from the build folder (DIR/tests/NAME, or DIR/NAME), or die naming the target.
find_bench_program() {
    local candidate
    for candidate in "$build_dir/tests/$1" "$build_dir/$1"; do
        if [[ -x $candidate ]]; then echo "$candidate"; return 0; fi
    done
    die "$1 not found in $build_dir/tests or $build_dir (build the $1 target, or pass --build DIR)"
}
