# Sourced by the build stages, after retry.sh.

# fetch URL FILE [SHA256]: a download, retried, checked against its hash when one is known.
fetch() {
  retry 3 fetch_once "$@" && return 0
  echo "build: giving up on $1 (Debian's mirror may be mid-sync: run the build again in a few minutes, or set DEBIAN_MIRROR)" >&2
  return 1
}
fetch_once() {
  local url=$1 file=$2 sum=${3:-}
  mkdir -p "$(dirname "$file")"
  curl -fsSL --retry 2 -o "$file.part" "$url" || { echo "build: could not fetch $url" >&2; return 1; }
  if [ -n "$sum" ] && [ "$(sha256sum < "$file.part" | cut -d' ' -f1)" != "$sum" ]; then
    echo "build: $url does not match its sha256 $sum" >&2
    rm -f "$file.part"; return 1
  fi
  mv "$file.part" "$file"
}
