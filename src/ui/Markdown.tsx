// Renders lesson Markdown (teachers' content, bundled with the site) as HTML.

import { marked } from "marked";
import { useMemo } from "react";

export function Markdown({ text, className }: { text: string; className?: string }) {
  const html = useMemo(() => marked.parse(text, { async: false, gfm: true }), [text]);
  return <div className={className ?? "markdown"} dangerouslySetInnerHTML={{ __html: html }} />;
}
