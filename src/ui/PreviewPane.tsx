// The Preview pane: the ports containers publish on the machine, and the page served on one of
// them, fetched through the machine's network card inside this tab.

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useStore } from "zustand";
import type { MachineSession } from "../app/machine-session.ts";
import { changesPorts, publishedPorts, type ListedContainer, type PublishedPort } from "../app/published-ports.ts";
import type { WorkspaceStore } from "../app/workspace-store.ts";
import type { HttpResult } from "../guest/machine-protocol.ts";
import { useOpenedOnce } from "./use-opened-once.ts";

const READ_RETRY_MS = 3000;

type Page = { state: "loading"; port: number; path: string } | { state: "done"; port: number; path: string; result: HttpResult; ms: number };

/**
 * Follows the published ports once `active`: read once per machine start, again after container
 * events, and while `visible` after each finished command and when shown again (Docker's event
 * stream can miss a container that started while it was subscribing, and the agent answers in
 * turn, so a read can time out behind a long check). Inactive until the pane is first shown, so a
 * learner who never opens it pays nothing; hidden, it adds no request after the learner's commands.
 */
function usePublishedPorts(session: MachineSession, active: boolean, visible: boolean): PublishedPort[] {
  const [ports, setPorts] = useState<PublishedPort[]>([]);
  const shown = useRef(visible);
  shown.current = visible;
  const readNow = useRef<() => void>(undefined);
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    const read = (delayMs = 300) => {
      clearTimeout(timer);
      // A compose up starts several containers at once: one read after the burst.
      timer = setTimeout(() => {
        const agent = session.agent();
        if (!agent) return;
        agent
          .api<ListedContainer[]>("/containers/json")
          .then((list) => live && setPorts(publishedPorts(list)))
          // Busy or restarting: try again, unless something newer already asked.
          .catch(() => live && session.agent() === agent && read(READ_RETRY_MS));
      }, delayMs);
    };
    const offRunning = session.onRunning(() => read());
    const offCommand = session.onCommand(() => shown.current && read());
    const offPush = session.onPush("docker", (line) => {
      try {
        if (changesPorts(JSON.parse(line) as { Type?: string; Action?: string })) read();
      } catch {
        // A line that is not JSON is not an event.
      }
    });
    readNow.current = read;
    read();
    return () => {
      live = false;
      readNow.current = undefined;
      clearTimeout(timer);
      offRunning();
      offCommand();
      offPush();
    };
  }, [session, active]);
  useEffect(() => {
    if (visible) readNow.current?.();
  }, [visible]);
  return ports;
}

export function PreviewPane({ session, workspace, visible }: { session: MachineSession; workspace: WorkspaceStore; visible: boolean }) {
  const opened = useOpenedOnce(visible);
  const ports = usePublishedPorts(session, opened, visible);
  const chosenPort = useStore(workspace, (s) => s.previewPort);
  const port = chosenPort ?? ports[0]?.hostPort;
  const [path, setPath] = useState("/");
  const [address, setAddress] = useState("/");
  const [page, setPage] = useState<Page>();

  const load = useCallback(
    (target: number, targetPath: string) => {
      const started = performance.now();
      setPage({ state: "loading", port: target, path: targetPath });
      void session.httpGet(target, targetPath).then((result) =>
        setPage((current) =>
          current?.port === target && current.path === targetPath ? { state: "done", port: target, path: targetPath, result, ms: performance.now() - started } : current,
        ),
      );
    },
    [session],
  );

  const navigate = useCallback((targetPath: string) => {
    setPath(targetPath);
    setAddress(targetPath);
  }, []);

  // Show the chosen port's page when the pane opens or the port or path changes.
  useEffect(() => {
    if (visible && port !== undefined && (page?.port !== port || page.path !== path)) load(port, path);
  }, [visible, port, path, page, load]);

  // A port that had no listener gets one when its container starts: show the page then.
  const portIsPublished = ports.some((p) => p.hostPort === port);
  useEffect(() => {
    if (visible && portIsPublished && page?.state === "done" && !page.result.ok) load(page.port, page.path);
  }, [visible, portIsPublished, page, load]);

  // Links clicked inside the shown page come back here as paths to load.
  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      const href = (event.data as { previewNavigate?: unknown } | null)?.previewNavigate;
      if (typeof href === "string") navigate(resolvePath(path, href));
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [path, navigate]);

  const choose = (hostPort: number) => {
    workspace.setState({ previewPort: hostPort });
    navigate("/");
  };

  return (
    <div className="preview">
      <div className="preview-ports" role="group" aria-label="Published ports">
        {ports.length === 0 && (
          <span className="muted small">
            No container publishes a port yet. Try <code>docker run -d -p 8080:80 nginx</code>, or type a port:
          </span>
        )}
        {ports.map((p) => (
          <button
            key={p.hostPort}
            type="button"
            className={`port-chip ${p.hostPort === port ? "active" : ""}`}
            aria-pressed={p.hostPort === port}
            onClick={() => choose(p.hostPort)}
            title={`${p.image}: 0.0.0.0:${p.hostPort}->${p.containerPort}/tcp`}
          >
            {p.hostPort} <span className="muted">→ {p.container}:{p.containerPort}</span>
          </button>
        ))}
      </div>
      <form
        className="preview-bar"
        onSubmit={(event) => {
          event.preventDefault();
          const match = /^(?:localhost)?(?::(\d+))?(\/.*)?$/.exec(address.trim());
          if (match?.[1]) workspace.setState({ previewPort: Number(match[1]) });
          const nextPath = match?.[2] ?? "/";
          if (nextPath === path && port !== undefined) load(Number(match?.[1] ?? port), nextPath);
          else navigate(nextPath);
        }}
      >
        <span className="preview-host">localhost:{port ?? "—"}</span>
        <input aria-label="Path to open" value={address} onChange={(e) => setAddress(e.target.value)} spellCheck={false} />
        <button type="submit" disabled={port === undefined} title="Load the page again">
          Reload
        </button>
        <PortInput onPort={choose} />
        {page?.state === "done" && <ResultBadge page={page} />}
      </form>
      <div className="preview-view">
        {port === undefined ? null : page?.state === "loading" ? (
          <p className="muted">Loading localhost:{page.port}{page.path} …</p>
        ) : page?.state === "done" ? (
          <PreviewBody result={page.result} port={page.port} />
        ) : null}
      </div>
    </div>
  );
}

function PortInput({ onPort }: { onPort: (port: number) => void }) {
  const [value, setValue] = useState("");
  return (
    <input
      className="port-input"
      aria-label="Open another port"
      placeholder="port"
      inputMode="numeric"
      value={value}
      onChange={(e) => setValue(e.target.value.replace(/\D/g, ""))}
      onKeyDown={(e) => {
        if (e.key === "Enter" && value) {
          e.preventDefault();
          onPort(Number(value));
          setValue("");
        }
      }}
    />
  );
}

function ResultBadge({ page }: { page: Extract<Page, { state: "done" }> }) {
  if (!page.result.ok) return <span className="preview-status bad">no answer</span>;
  const { status, statusText } = page.result;
  return (
    <span className={`preview-status ${status < 400 ? "ok" : "bad"}`} aria-label={`HTTP status ${status}`}>
      {status} {statusText} · {Math.round(page.ms)} ms
    </span>
  );
}

function PreviewBody({ result, port }: { result: HttpResult; port: number }) {
  const view = useMemo(() => (result.ok ? bodyView(result.headers["content-type"] ?? "", result.body) : undefined), [result]);
  useEffect(() => () => (view?.kind === "image" ? URL.revokeObjectURL(view.url) : undefined), [view]);
  if (!result.ok) {
    return (
      <div className="preview-message" role="status">
        <p>{result.message}</p>
        {result.nothingListens && (
          <p className="muted">
            Is the container running and is the port published? <code>docker ps</code> shows its <code>PORTS</code>, e.g. <code>0.0.0.0:{port}-&gt;80/tcp</code>.
          </p>
        )}
      </div>
    );
  }
  switch (view?.kind) {
    case "html":
      return <iframe className="preview-frame" title={`Page served on port ${port}`} sandbox="allow-scripts" srcDoc={view.html} />;
    case "image":
      return <img className="preview-image" alt={`Image served on port ${port}`} src={view.url} />;
    case "text":
      return <pre className="preview-text">{view.text}</pre>;
    default:
      return <p className="muted">A binary answer of {result.body.length} bytes ({result.headers["content-type"] ?? "no content type"}).</p>;
  }
}

type BodyView = { kind: "html"; html: string } | { kind: "image"; url: string } | { kind: "text"; text: string } | { kind: "binary" };

// Pages shown from srcdoc cannot follow their own links; this script sends them to the pane.
const LINK_FORWARDER = `<script>document.addEventListener("click",function(e){var a=e.target.closest&&e.target.closest("a[href]");if(!a)return;var h=a.getAttribute("href");if(/^[a-z]+:/i.test(h)||h.charAt(0)==="#")return;e.preventDefault();parent.postMessage({previewNavigate:h},"*");});</script>`;

function bodyView(contentType: string, body: Uint8Array): BodyView {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  if (type.startsWith("image/")) return { kind: "image", url: URL.createObjectURL(new Blob([body.slice()], { type })) };
  const text = new TextDecoder().decode(body);
  if (type === "text/html" || (!type && /^\s*<(!doctype|html)/i.test(text))) return { kind: "html", html: LINK_FORWARDER + text };
  if (!type || type.startsWith("text/") || /json|xml|javascript|yaml/.test(type)) return { kind: "text", text };
  return { kind: "binary" };
}

/** Where a link in the page at `from` leads, as a path on the same port. */
function resolvePath(from: string, href: string): string {
  const url = new URL(href, `http://preview${from}`);
  return url.pathname + url.search;
}
