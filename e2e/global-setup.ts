// Serves the built site under a sub-path, as a teacher's static host would, for every e2e test.

import { existsSync } from "node:fs";
import { serveStatic } from "../tools/serve.ts";

export default async function globalSetup() {
  if (!existsSync("dist/index.html") || !existsSync("dist/guest/manifest.json")) {
    throw new Error("no built site in dist/: run npm run build first");
  }
  const { server, url } = await serveStatic("dist", 0, "/course/docker/");
  process.env.SITE_URL = url;
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
