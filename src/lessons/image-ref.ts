// Image reference normalization: `nginx`, `nginx:latest` and `docker.io/library/nginx:latest` name one image.

const HUB_HOSTS = ["docker.io/", "index.docker.io/", "registry-1.docker.io/"];

/**
 * The canonical form of an image reference: registry host only when it is not Docker Hub,
 * `library/` dropped for official images, `:latest` added when there is neither tag nor digest.
 * Image ids (`sha256:…`) are returned unchanged.
 */
export function normalizeImageRef(ref: string): string {
  let r = ref.trim();
  if (r.startsWith("sha256:")) return r;
  for (const host of HUB_HOSTS) {
    if (r.startsWith(host)) {
      r = r.slice(host.length);
      break;
    }
  }
  if (r.startsWith("library/") && r.indexOf("/", "library/".length) < 0) r = r.slice("library/".length);
  if (r.includes("@")) return r;
  const lastSlash = r.lastIndexOf("/");
  // A colon before the last slash is a registry port (localhost:5000/app), not a tag.
  const hasTag = r.indexOf(":", lastSlash + 1) >= 0;
  return hasTag ? r : `${r}:latest`;
}

/** True when both references name the same repository and tag. */
export function sameImageRef(a: string, b: string): boolean {
  return normalizeImageRef(a) === normalizeImageRef(b);
}
