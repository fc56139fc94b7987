// Maps a key path in a parsed YAML document to the line it is on, so errors point at the right line.

import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { Document, Node } from "yaml";
import type { PathSegment } from "./errors.ts";

export interface LocatedYaml {
  /** The plain data, or undefined when the YAML has syntax errors. */
  data: unknown;
  /** Syntax errors with their 1-based line in the YAML text. */
  syntaxErrors: { line: number; message: string }[];
  /** The 1-based line (in the YAML text) of the key at `path`, or of its nearest existing parent. */
  lineOf(path: readonly PathSegment[]): number;
}

export function parseYamlLocated(text: string): LocatedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const line = (offset: number) => lineCounter.linePos(offset).line;
  const syntaxErrors = doc.errors.map((e) => ({ line: line(e.pos[0]), message: e.message.split("\n")[0] }));
  return {
    data: syntaxErrors.length > 0 ? undefined : doc.toJS(),
    syntaxErrors,
    lineOf: (path) => lineOfPath(doc, path, line),
  };
}

function lineOfPath(doc: Document, path: readonly PathSegment[], line: (offset: number) => number): number {
  let node: unknown = doc.contents;
  let at = node && (node as Node).range ? line((node as Node).range![0]) : 1;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const key = pair.key as Node;
      if (key.range) at = line(key.range[0]);
      node = pair.value;
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      if (item.range) at = line(item.range[0]);
      node = item;
    } else {
      break;
    }
  }
  return at;
}
