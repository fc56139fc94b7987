// Three-valued verdicts of a check from partial knowledge: each leaf check (command, image, …) says
// pass, fail or unknown, and all / any / not combine them as the full evaluation would.

import type { Check } from "./schema.ts";

export type Verdict = "pass" | "fail" | "unknown";

/** A check that is not all / any / not: it looks at commands or at the machine itself. */
export type LeafCheck = Exclude<Check, { kind: "all" | "any" | "not" }>;

/** Every leaf of a check, in order. */
export function leafChecks(check: Check): LeafCheck[] {
  switch (check.kind) {
    case "all":
      return check.all.flatMap(leafChecks);
    case "any":
      return check.any.flatMap(leafChecks);
    case "not":
      return leafChecks(check.not);
    default:
      return [check];
  }
}

/** The check's verdict given its leaves' verdicts. */
export function verdictOf(check: Check, leaf: (check: LeafCheck) => Verdict): Verdict {
  switch (check.kind) {
    case "all": {
      const v = check.all.map((c) => verdictOf(c, leaf));
      return v.includes("fail") ? "fail" : v.includes("unknown") ? "unknown" : "pass";
    }
    case "any": {
      const v = check.any.map((c) => verdictOf(c, leaf));
      return v.includes("pass") ? "pass" : v.includes("unknown") ? "unknown" : "fail";
    }
    case "not": {
      const v = verdictOf(check.not, leaf);
      return v === "pass" ? "fail" : v === "fail" ? "pass" : "unknown";
    }
    default:
      return leaf(check);
  }
}
