import { describe, expect, it } from "vitest";
import { parseHttpResponse } from "./guest-http.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("parseHttpResponse", () => {
  it("splits status, lower-cased headers and body", () => {
    const response = parseHttpResponse(bytes("HTTP/1.1 200 OK\r\nServer: nginx/1.26\r\nContent-Type: text/html\r\n\r\n<h1>Welcome</h1>"));
    expect(response.status).toBe(200);
    expect(response.statusText).toBe("OK");
    expect(response.headers).toEqual({ server: "nginx/1.26", "content-type": "text/html" });
    expect(new TextDecoder().decode(response.body)).toBe("<h1>Welcome</h1>");
  });

  it("keeps a body that contains a blank line and cuts it at Content-Length", () => {
    const response = parseHttpResponse(bytes("HTTP/1.0 404 File not found\r\nContent-Length: 6\r\n\r\nab\r\n\r\ncd-trailing"));
    expect(response.status).toBe(404);
    expect(new TextDecoder().decode(response.body)).toBe("ab\r\n\r\n");
  });

  it("says what is wrong with an answer that is not HTTP", () => {
    expect(() => parseHttpResponse(bytes(""))).toThrow("closed the connection without answering");
    expect(() => parseHttpResponse(bytes("SSH-2.0-OpenSSH\r\n\r\n"))).toThrow("not HTTP: SSH-2.0");
    expect(() => parseHttpResponse(bytes("+OK redis"))).toThrow("not HTTP");
  });
});
