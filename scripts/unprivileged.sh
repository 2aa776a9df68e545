# Sourced by scripts/test.sh: the second test run, as an ordinary user (rootless containers).
#   jrunc_unprivileged_setup   (as root) makes the user $JRUNC_TEST_USER (default jrunc-ci) with
#                              subordinate uids and gids in /etc/subuid and /etc/subgid, and a
#                              copy of this work tree and of root's Maven repository owned by it
#   jrunc_unprivileged_mvn ARGS...   runs Maven in that copy as that user, offline
#   jrunc_it_report DIR ROOT_ONLY_OK counts what Failsafe ran under DIR; fails if no integration
#                              test ran or any test (unit or integration) was skipped, except
#                              (when ROOT_ONLY_OK is 1) the tests skipped because they need root,
#                              which it lists
JRUNC_TEST_USER=${JRUNC_TEST_USER:-jrunc-ci}
# The message prefix of io.jrunc.testing.Requirements.requireRoot's skips.
JRUNC_ROOT_ONLY_PREFIX='needs root: '

jrunc_unprivileged_setup() {
  local user=$JRUNC_TEST_USER home
  if ! id -u "$user" >/dev/null 2>&1; then
    useradd --create-home --shell /bin/bash --user-group "$user"
  fi
  home=$(getent passwd "$user" | cut -d: -f6)
  # Subordinate ids for newuidmap/newgidmap: a free range of 65536 after every range in use.
  local f opt
  for f in /etc/subuid /etc/subgid; do
    [ -e "$f" ] || touch "$f"
    if ! grep -q "^$user:" "$f"; then
      local start
      start=$(awk -F: 'BEGIN { m = 100000 } NF == 3 && $2 + $3 > m { m = $2 + $3 } END { print m }' "$f")
      opt=--add-subuids; [ "$f" = /etc/subgid ] && opt=--add-subgids
      usermod "$opt" "$start-$((start + 65535))" "$user"
    fi
  done
  # The work tree as it is (tracked and new files, not target/), owned by the user.
  JRUNC_UNPRIVILEGED_TREE=$home/jrunc
  rm -rf "$JRUNC_UNPRIVILEGED_TREE"
  install -d -o "$user" -g "$user" "$JRUNC_UNPRIVILEGED_TREE"
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -
  else
    tar --exclude=./target --exclude='./*/target' -cf - .
  fi | (cd "$JRUNC_UNPRIVILEGED_TREE" && tar -xf - --no-same-owner)
  chown -R "$user:" "$JRUNC_UNPRIVILEGED_TREE"
  # Root's Maven repository (filled by the first run), copied for the user: Maven writes there.
  local repo=${JRUNC_MAVEN_REPO:-$HOME/.m2/repository}
  install -d -o "$user" -g "$user" "$home/.m2" "$home/.m2/repository"
  cp -a -n "$repo/." "$home/.m2/repository/"
  chown -R "$user:" "$home/.m2"
}

jrunc_unprivileged_mvn() {
  local user=$JRUNC_TEST_USER
  # A clean environment: no XDG_RUNTIME_DIR (the state goes to /tmp/jrunc-<uid>), the user's HOME.
  (cd "$JRUNC_UNPRIVILEGED_TREE" && runuser -u "$user" -- env -i PATH="$PATH" \
    HOME="$(getent passwd "$user" | cut -d: -f6)" USER="$user" LANG=C.UTF-8 \
    ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} mvn -o "$@")
}

jrunc_it_report() {
  local dir=$1 root_only_ok=$2 r total=0 skipped=0 rootonly=0 other=0 n=0
  local -a rootonly_list=() other_list=() empty_list=()
  shopt -s nullglob
  for r in "$dir"/*/target/failsafe-reports/TEST-*.xml "$dir"/*/target/surefire-reports/TEST-*.xml; do
    local head t s
    head=$(grep -m1 -o '<testsuite [^>]*>' "$r")
    t=$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$head")
    s=$(sed -n 's/.* skipped="\([0-9]*\)".*/\1/p' <<<"$head")
    skipped=$((skipped + ${s:-0}))
    # A class aborted in @BeforeAll reports no test at all: its skips would go unseen.
    if [ "${t:-0}" -eq 0 ]; then
      empty_list+=("$(basename "$r" .xml | sed 's/^TEST-//')")
    fi
    if [[ $r == */failsafe-reports/* ]]; then
      n=$((n + 1)) total=$((total + ${t:-0}))
    fi
    # Each skipped test case as "class.method: reason" (the reason is the skipped element's
    # message attribute, or the first line of its text: "...TestAbortedException: reason").
    local line
    while IFS= read -r line; do
      [ -n "$line" ] || continue
      if [[ $line == *": $JRUNC_ROOT_ONLY_PREFIX"* ]]; then
        rootonly_list+=("$line")
      else
        other_list+=("$line")
      fi
    done < <(awk '
      /<testcase / {
        name = $0; sub(/.*<testcase name="/, "", name); sub(/".*/, "", name)
        cls = $0; sub(/.* classname="/, "", cls); sub(/".*/, "", cls)
      }
      /<skipped/ {
        msg = $0
        if (msg ~ /message="/) { sub(/.*message="/, "", msg); sub(/".*/, "", msg) }
        else { sub(/.*CDATA\[/, "", msg); sub(/^[A-Za-z0-9_.$]*Exception: /, "", msg) }
        print cls "." name ": " msg
      }' "$r")
  done
  rootonly=${#rootonly_list[@]} other=${#other_list[@]}
  echo "integration tests: $total run ($n classes); tests skipped (unit and integration): $skipped"
  if [ "$total" -eq 0 ]; then echo "FAIL: no integration test ran" >&2; return 1; fi
  if [ "${#empty_list[@]}" -ne 0 ]; then
    echo "FAIL: test classes that ran no test (skipped as a whole, e.g. in @BeforeAll):" >&2
    printf '  %s\n' "${empty_list[@]}" >&2
    return 1
  fi
  if [ "$root_only_ok" = 1 ] && [ "$rootonly" -gt 0 ]; then
    echo "skipped because they need root ($rootonly):"
    printf '  %s\n' "${rootonly_list[@]}"
  fi
  if [ "$root_only_ok" = 1 ]; then
    if [ "$other" -ne 0 ] || [ $((rootonly + other)) -ne "$skipped" ]; then
      echo "FAIL: $((skipped - rootonly)) tests were skipped for another reason than root:" >&2
      printf '  %s\n' "${other_list[@]}" >&2
      return 1
    fi
  elif [ "$skipped" -ne 0 ]; then
    echo "FAIL: $skipped tests were skipped" >&2
    printf '  %s\n' "${rootonly_list[@]}" "${other_list[@]}" >&2
    return 1
  fi
}
