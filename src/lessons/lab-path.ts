// Paths as the learner's shell sees them: it starts in /lab, where the lesson's files are.

/** Relative paths are relative to /lab, where the learner works. */
export function labPath(path: string): string {
  return path.startsWith("/") ? path : `/lab/${path.replace(/^\.\//, "")}`;
}

/**
 * One spelling per file: `snap.tar` = `./snap.tar` = `/lab/snap.tar` = `/tmp/../lab/snap.tar`, `.` = `/lab/`;
 * a relative path starts from `cwd` (the learner's folder) when given, else from /lab.
 */
export function canonicalLabPath(path: string, cwd = "/lab"): string {
  const parts: string[] = [];
  for (const part of (path.startsWith("/") ? path : `${cwd}/${path}`).split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "" && part !== ".") parts.push(part);
  }
  return `/${parts.join("/")}`;
}
