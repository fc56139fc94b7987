# Sourced by the build stages, after retry.sh.

# fetch URL FILE [HASH]: a download, retried, checked against its hash when one is known
# (HASH: a sha256 in hex, or apt's "MD5Sum:hex", "SHA256:hex", ...).
fetch() {
  retry 3 fetch_once "$@" && return 0
  echo "build: giving up on $1 (Debian's mirror may be mid-sync: run the build again in a few minutes, or set DEBIAN_MIRROR)" >&2
  return 1
}
fetch_once() {
  local url=$1 file=$2 sum=${3:-} tool=sha256sum
  case "$sum" in
    MD5Sum:*) tool=md5sum ;; SHA1:*) tool=sha1sum ;; SHA512:*) tool=sha512sum ;;
  esac
  sum=${sum#*:}
  mkdir -p "$(dirname "$file")"
  curl -fsSL --retry 2 -o "$file.part" "$url" || { echo "build: could not fetch $url" >&2; return 1; }
  if [ -n "$sum" ] && [ "$($tool < "$file.part" | cut -d' ' -f1)" != "$sum" ]; then
    echo "build: $url does not match its hash $sum" >&2
    rm -f "$file.part"; return 1
  fi
  mv "$file.part" "$file"
}
