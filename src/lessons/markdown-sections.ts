// Splits a lesson's Markdown prose into the intro and one section per step (`## Title {#step-id}`).

export interface ProseSection {
  /** The id from `{#id}`, or null when the `## ` heading has none (an error for the parser to report). */
  id: string | null;
  /** The heading text without `## ` and `{#id}`. */
  heading: string;
  /** 1-based line of the heading in the whole file. */
  line: number;
  /** The Markdown after the heading, up to the next `## ` heading. */
  body: string;
}

const HEADING = /^##[ \t]+(.*?)[ \t]*(?:\{#([^}]*)\})?[ \t]*#*[ \t]*$/;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;

/**
 * `firstLine` is the file line of the prose's first line (after the frontmatter). Headings inside
 * fenced code blocks are text, not sections.
 */
export function splitSections(prose: string, firstLine: number): { intro: string; sections: ProseSection[] } {
  const intro: string[] = [];
  const found: { section: ProseSection; lines: string[] }[] = [];
  let fence: string | null = null;
  let body = intro;
  prose.split("\n").forEach((text, k) => {
    const f = FENCE.exec(text);
    if (f) {
      if (fence === null) fence = f[1];
      else if (f[1][0] === fence[0] && f[1].length >= fence.length) fence = null;
    }
    const h = fence === null && !f ? HEADING.exec(text) : null;
    if (h) {
      body = [];
      found.push({ section: { id: h[2] === undefined ? null : h[2].trim(), heading: h[1], line: firstLine + k, body: "" }, lines: body });
    } else {
      body.push(text);
    }
  });
  const sections = found.map(({ section, lines }) => ({ ...section, body: trimBlankLines(lines) }));
  return { intro: trimBlankLines(intro), sections };
}

function trimBlankLines(lines: string[]): string {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a].trim() === "") a++;
  while (b > a && lines[b - 1].trim() === "") b--;
  return lines.slice(a, b).join("\n");
}
