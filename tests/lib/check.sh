# The shell tests' checks, sourced: `check NAME COMMAND...` runs the command, prints "ok   NAME"
# or "FAIL NAME" and counts them in $pass and $fail for the script's closing line.
pass=0 fail=0
check() {
    local name=$1
    shift
    if "$@"; then echo "ok   $name"; pass=$((pass + 1)); else echo "FAIL $name"; fail=$((fail + 1)); fi
}
