# Sourced by the build stages. Debian's mirrors are sometimes mid-sync (an index whose size
# disagrees with its Release file); the same fetch works a minute later.

# retry TRIES CMD...: runs CMD until it succeeds, waiting 20 s, 40 s, ... between attempts
# (RETRY_WAIT_S sets the step; tests make it short).
retry() {
  local tries=$1 i; shift
  for ((i = 1; i <= tries; i++)); do
    "$@" && return 0
    if [ "$i" -lt "$tries" ]; then
      echo "build: '$*' failed (attempt $i of $tries), retrying in $((i * ${RETRY_WAIT_S:-20})) s" >&2
      sleep $((i * ${RETRY_WAIT_S:-20}))
    fi
  done
  return 1
}

# apt_update [chroot DIR]: apt-get update, retried; if an index stays out of sync, goes on with
# the lists apt has (apt keeps the previous ones): the install that follows names what is missing.
apt_update() {
  retry 3 "$@" apt-get update -q && return 0
  echo "build: apt-get update kept failing (mirror mid-sync?); going on with the package lists apt already has" >&2
}
