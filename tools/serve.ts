// A plain static file server for the built site, as a common static host serves it: no special
// headers, text and WebAssembly gzip-compressed for browsers that accept it (as GitHub Pages,
// Netlify or nginx's gzip do), a base path of your choice. Used by `npm start`, the e2e tests and
// the benchmark.
// usage: tsx tools/serve.ts [--dir dist] [--port 8080] [--base /]

import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".gz": "application/gzip",
  ".zst": "application/zstd",
  ".md": "text/markdown; charset=utf-8",
};

/** Types a static host compresses; the guest's state and disk chunks are zstd already. */
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".wasm", ".svg", ".md"]);
const compressed = new Map<string, { mtimeMs: number; body: Buffer }>();

function gzipped(file: string): Buffer {
  const { mtimeMs } = statSync(file);
  const cached = compressed.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.body;
  const body = gzipSync(readFileSync(file), { level: 6 });
  compressed.set(file, { mtimeMs, body });
  return body;
}

export interface StaticSite {
  server: Server;
  url: string;
  /** Body bytes sent so far (the benchmark's download figures). */
  bytesSent(): number;
}

/** Serves DIR at BASE (e.g. "/course/docker/") on 127.0.0.1:PORT (0 picks a free port). */
export function serveStatic(dir: string, port: number, base = "/"): Promise<StaticSite> {
  const root = normalize(dir);
  let sent = 0;
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? "/").split("?")[0]!);
    if (!path.startsWith(base)) {
      res.writeHead(404).end("not found");
      return;
    }
    let file = normalize(join(root, path.slice(base.length)));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404).end("not found");
      return;
    }
    const type = TYPES[extname(file)] ?? "application/octet-stream";
    if (COMPRESSIBLE.has(extname(file)) && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
      const body = gzipped(file);
      res.writeHead(200, { "Content-Type": type, "Content-Encoding": "gzip", "Content-Length": body.length, Vary: "Accept-Encoding" });
      res.on("finish", () => (sent += body.length));
      res.end(body);
      return;
    }
    const size = statSync(file).size;
    res.writeHead(200, { "Content-Type": type, "Content-Length": size });
    res.on("finish", () => (sent += size));
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const actual = typeof address === "object" && address ? address.port : port;
      resolve({ server, url: `http://127.0.0.1:${actual}${base}`, bytesSent: () => sent });
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
  const { url } = await serveStatic(option("--dir", "dist"), Number(option("--port", "8080")), option("--base", "/"));
  console.log(`Docker Sandbox is served at ${url}`);
}
