// `docker run --mount type=…,source=…,target=…` read as the `-v` or `--tmpfs` it is equal to, so a
// step that shows `-v notes:/data` accepts the same mount written with `--mount`.

/** The equal short form: flag `volume` (`-v src:dst[:ro]`) or `tmpfs` (`--tmpfs dst`); undefined if unreadable. */
export function mountAsShortFlag(csv: string): { name: "volume" | "tmpfs"; value: string } | undefined {
  const fields = new Map<string, string>();
  for (const part of csv.split(",")) {
    const k = part.indexOf("=");
    // A bare key is a boolean option (`readonly`).
    fields.set((k < 0 ? part : part.slice(0, k)).trim().toLowerCase(), k < 0 ? "true" : part.slice(k + 1).trim());
  }
  const get = (...keys: string[]) => keys.map((k) => fields.get(k)).find((v) => v !== undefined && v !== "");
  const target = get("target", "destination", "dst");
  if (target === undefined) return undefined;
  const type = get("type") ?? "volume";
  if (type === "tmpfs") return { name: "tmpfs", value: target };
  if (type !== "volume" && type !== "bind") return undefined;
  const source = get("source", "src");
  const readonly = ["true", "1"].includes(get("readonly", "ro") ?? "false");
  // Without a source, a volume mount is an anonymous volume: `-v /data`.
  const value = source === undefined ? target : `${source}:${target}`;
  return { name: "volume", value: readonly ? `${value}:ro` : value };
}

/** The mode of a `-v` value (`ro`, `ro,z`), if it has one: its third field. */
export function mountMode(value: string): string | undefined {
  return value.split(":")[2];
}

/** A `-v` value without its mode: `notes:/data:ro` → `notes:/data`. */
export function withoutMountMode(value: string): string {
  return value.split(":").slice(0, 2).join(":");
}
