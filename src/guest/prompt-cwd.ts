// The learner's working directory, read from the prompt the guest's bash draws between its A and B
// marks (`root@sandbox:/lab/hello# `, PS1's \w): a relative path in the line typed after it is
// relative to that folder.

import { plainText } from "./shell-marks.ts";

const HOME = "/root";

/** The folder a prompt shows, absolute; undefined when the prompt has no `user@host:dir$ ` shape. */
export function promptCwd(promptText: string): string | undefined {
  const m = /^[^\s@]+@[^\s:]+:(.+?)[$#]$/.exec(plainText(promptText).trim());
  if (!m) return undefined;
  const dir = m[1]!;
  if (dir === "~" || dir.startsWith("~/")) return HOME + dir.slice(1);
  return dir.startsWith("/") ? dir : undefined;
}

/** Collects prompt text between the marks: `start()` at A, `text()` as it comes, `end()` at B. */
export class PromptTracker {
  private text: string[] | undefined;
  /** The folder the last complete prompt showed. */
  cwd: string | undefined;

  start(): void {
    this.text = [];
  }

  add(text: string): void {
    this.text?.push(text);
  }

  end(): void {
    if (this.text) this.cwd = promptCwd(this.text.join(""));
    this.text = undefined;
  }
}
