// The one home of Monaco. The page imports this module dynamically, the first time the Editor tab
// is shown, so Monaco costs nothing before the first prompt. Sets up the editor's features, its web
// workers, a dark theme and the Dockerfile and Compose languages; shows one file at a time, each
// in a model of its own that keeps its undo history and cursor.

import "monaco-editor/esm/vs/editor/editor.all.js";
import "monaco-editor/esm/vs/basic-languages/dockerfile/dockerfile.contribution.js";
import "monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js";
import "monaco-editor/esm/vs/basic-languages/python/python.contribution.js";
import "monaco-editor/esm/vs/basic-languages/shell/shell.contribution.js";
import "monaco-editor/esm/vs/basic-languages/html/html.contribution.js";
import "monaco-editor/esm/vs/basic-languages/css/css.contribution.js";
import "monaco-editor/esm/vs/basic-languages/javascript/javascript.contribution.js";
import "monaco-editor/esm/vs/basic-languages/markdown/markdown.contribution.js";
import "monaco-editor/esm/vs/basic-languages/ini/ini.contribution.js";
import * as monaco from "monaco-editor/esm/vs/editor/editor.api.js";
import EditorWorker from "monaco-editor/esm/vs/editor/editor.worker.js?worker";
import YamlWorker from "monaco-yaml/yaml.worker.js?worker";
import { setUpCompose } from "./compose-language.ts";
import { setUpDockerfile } from "./dockerfile-language.ts";

export type Monaco = typeof monaco;

/** One file as the editor should show it. */
export interface EditorFile {
  path: string;
  text: string;
  /** Changes when the text was replaced from outside the editor; the buffer then takes it. */
  revision: number;
  readOnly: boolean;
}

export interface EditorView {
  show(file: EditorFile | undefined): void;
  /** The learner changed the shown file's buffer. */
  onChange(handler: (path: string, text: string) => void): () => void;
  focus(): void;
  dispose(): void;
}

self.MonacoEnvironment = {
  getWorker: (_moduleId, label) => (label === "yaml" ? new YamlWorker() : new EditorWorker()),
};
monaco.editor.defineTheme("sandbox-dark", {
  base: "vs-dark",
  inherit: true,
  rules: [],
  colors: { "editor.background": "#0f1720" },
});
setUpDockerfile(monaco);
setUpCompose(monaco);

/** Dockerfile variants Monaco does not know by name (Dockerfile.dev, app.dockerfile, Containerfile). */
function languageOf(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return /^(docker|container)file(\..+)?$|\.(docker|container)file$/i.test(name) ? "dockerfile" : undefined;
}

export function createEditorView(container: HTMLElement): EditorView {
  const editor = monaco.editor.create(container, {
    theme: "sandbox-dark",
    automaticLayout: true,
    fontFamily: '"DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, monospace',
    fontSize: 14,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    renderWhitespace: "boundary",
    tabSize: 2,
    model: null,
  });
  const models = new Map<string, { model: monaco.editor.ITextModel; revision: number; viewState: monaco.editor.ICodeEditorViewState | null }>();
  const handlers = new Set<(path: string, text: string) => void>();
  let shown: string | undefined;

  editor.onDidChangeModelContent(() => {
    const model = editor.getModel();
    if (model && shown) for (const handler of handlers) handler(shown, model.getValue());
  });

  return {
    show(file) {
      const previous = shown ? models.get(shown) : undefined;
      if (previous && shown !== file?.path) previous.viewState = editor.saveViewState();
      if (!file) {
        shown = undefined;
        editor.setModel(null);
        return;
      }
      let entry = models.get(file.path);
      if (!entry) {
        const model = monaco.editor.createModel(file.text, languageOf(file.path), monaco.Uri.file(file.path));
        entry = { model, revision: file.revision, viewState: null };
        models.set(file.path, entry);
      } else if (entry.revision !== file.revision) {
        entry.revision = file.revision;
        // An edit rather than setValue, so the learner can undo a reload.
        if (entry.model.getValue() !== file.text) entry.model.pushEditOperations([], [{ range: entry.model.getFullModelRange(), text: file.text }], () => null);
      }
      editor.updateOptions({ readOnly: file.readOnly });
      if (shown !== file.path) {
        shown = file.path;
        editor.setModel(entry.model);
        if (entry.viewState) editor.restoreViewState(entry.viewState);
      }
    },
    onChange(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    focus: () => editor.focus(),
    dispose() {
      editor.dispose();
      for (const { model } of models.values()) model.dispose();
    },
  };
}
