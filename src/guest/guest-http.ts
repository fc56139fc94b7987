// HTTP GET from the page to a port of the guest, over v86's in-page TCP stack and the guest's
// network card: what the preview shows without a byte leaving the browser.

import { concatBytes } from "./bytes.ts";
import type { Emulator } from "./emulator.ts";

export interface GuestHttpResponse {
  status: number;
  statusText: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The port refused the connection: nothing listens there. */
export class NothingListensError extends Error {
  constructor(readonly port: number) {
    super(`Nothing listens on port ${port} of the machine.`);
  }
}

/** The part of v86's TCP connection this module uses (src/browser/fake_network.js). */
interface TcpConnection {
  on(event: "connect" | "close" | "shutdown", handler: () => void): void;
  on(event: "data", handler: (data: Uint8Array) => void): void;
  write(data: Uint8Array): void;
  close(): void;
}

interface InPageNetwork {
  connect(port: number): TcpConnection;
}

/**
 * GET `path` on `port`. HTTP/1.0 with "Connection: close": the server ends the body by closing,
 * so no chunked decoding or keep-alive bookkeeping is needed.
 */
export function guestHttpGet(emulator: Emulator, port: number, path: string, timeoutMs = 15_000): Promise<GuestHttpResponse> {
  const network = (emulator as unknown as { network_adapter?: InPageNetwork }).network_adapter;
  if (!network) return Promise.reject(new Error("this machine has no network card"));
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = [];
    let connected = false;
    let settled = false;
    const connection = network.connect(port);
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const timer = setTimeout(() => {
      connection.close();
      finish(() => reject(new Error(`port ${port} did not answer within ${timeoutMs / 1000} s`)));
    }, timeoutMs);
    connection.on("connect", () => {
      connected = true;
      const request = `GET ${path} HTTP/1.0\r\nHost: localhost:${port}\r\nUser-Agent: docker-sandbox-preview\r\nAccept: */*\r\nConnection: close\r\n\r\n`;
      connection.write(new TextEncoder().encode(request));
    });
    // v86 hands out views into its packet buffer: copy before the next packet overwrites it.
    connection.on("data", (data) => parts.push(data.slice()));
    const done = () =>
      finish(() => {
        if (!connected) return reject(new NothingListensError(port));
        try {
          resolve(parseHttpResponse(concatBytes(parts)));
        } catch (error) {
          reject(error);
        }
      });
    connection.on("shutdown", () => {
      connection.close();
      done();
    });
    connection.on("close", done);
  });
}

/** Splits a complete HTTP/1.x response into status, headers and body. */
export function parseHttpResponse(bytes: Uint8Array): GuestHttpResponse {
  const headerEnd = indexOfBlankLine(bytes);
  if (headerEnd < 0) throw new Error(bytes.length ? "the server's answer is not HTTP" : "the server closed the connection without answering");
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, headerEnd));
  const [statusLine = "", ...headerLines] = head.split("\r\n");
  const match = /^HTTP\/\d(?:\.\d)? (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!match) throw new Error(`the server's answer is not HTTP: ${statusLine.slice(0, 80)}`);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = bytes.subarray(headerEnd + 4);
  const length = Number(headers["content-length"]);
  if (Number.isInteger(length) && length < body.length) body = body.subarray(0, length);
  return { status: Number(match[1]), statusText: match[2] ?? "", headers, body };
}

function indexOfBlankLine(bytes: Uint8Array): number {
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) return i;
  }
  return -1;
}
