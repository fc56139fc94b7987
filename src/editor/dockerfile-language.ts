// Dockerfile support from dockerfile-language-service (the engine of the Docker extension for VS
// Code): hover documentation, completion, and diagnostics such as unknown instructions or broken
// exec-form JSON, shown inline. monaco-languageserver-types converts its LSP types to Monaco's.

import { Buffer } from "buffer";
import { DockerfileLanguageServiceFactory } from "dockerfile-language-service";
import { fromPosition, toCompletionList, toHover, toMarkerData } from "monaco-languageserver-types";
import { registerMarkerDataProvider } from "monaco-marker-data-provider";
import type { Monaco } from "./monaco-home.ts";

export function setUpDockerfile(monaco: Monaco): void {
  // dockerfile-ast, written for Node, looks for a byte order mark with Node's global Buffer.
  globalThis.Buffer ??= Buffer;
  const service = DockerfileLanguageServiceFactory.createLanguageService();
  service.setCapabilities({
    completion: { completionItem: { documentationFormat: ["markdown"], snippetSupport: true, deprecatedSupport: true } },
    hover: { contentFormat: ["markdown"] },
  });
  monaco.languages.registerHoverProvider("dockerfile", {
    provideHover(model, position) {
      const hover = service.computeHover(model.getValue(), fromPosition(position));
      return hover ? toHover(hover) : null;
    },
  });
  monaco.languages.registerCompletionItemProvider("dockerfile", {
    async provideCompletionItems(model, position) {
      const items = await service.computeCompletionItems(model.getValue(), fromPosition(position));
      const word = model.getWordUntilPosition(position);
      const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
      return toCompletionList({ isIncomplete: false, items }, { range });
    },
  });
  registerMarkerDataProvider(monaco, "dockerfile", {
    owner: "dockerfile",
    provideMarkerData: (model) => service.validate(model.getValue()).map(toMarkerData),
  });
}
