// The engine as a diagram (loaded with the Architecture tab, with the graph library): the chain
// client → REST API → dockerd → containerd → runtime across the top, the registry and the objects
// below, each object with its state; the parts the current request goes through light up in order.
// Laid out for the tab's wide, low pane (about 870 × 230 px at 1280 × 720) and scaled to fit it.
// Screen readers get ArchitecturePane's text summary instead.

import "@xyflow/react/dist/base.css";
import { Handle, MarkerType, Position, ReactFlow, ReactFlowProvider, useReactFlow } from "@xyflow/react";
import type { Edge, Node, NodeProps } from "@xyflow/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { useStore } from "zustand";
import { OBJECT_GROUPS, objectLabels } from "../app/engine-model.ts";
import type { EngineState, GroupId, ObjectLabel } from "../app/engine-model.ts";
import type { EngineViewStore } from "../app/engine-view.ts";
import { COMPONENTS } from "../app/request-path.ts";
import type { ComponentId, RequestPath, Stop } from "../app/request-path.ts";
import { COMPONENT_TEXT, componentText, GROUP_TEXT } from "./architecture-text.ts";

const LAYOUT: Record<Stop, { x: number; y: number; w: number; h: number }> = {
  client: { x: 0, y: 0, w: 112, h: 44 },
  api: { x: 132, y: 0, w: 170, h: 44 },
  daemon: { x: 322, y: 0, w: 140, h: 44 },
  containerd: { x: 482, y: 0, w: 160, h: 44 },
  runtime: { x: 662, y: 0, w: 208, h: 44 },
  registry: { x: 0, y: 70, w: 112, h: 72 },
  images: { x: 132, y: 70, w: 178, h: 147 },
  volumes: { x: 322, y: 70, w: 148, h: 147 },
  networks: { x: 482, y: 70, w: 160, h: 147 },
  containers: { x: 662, y: 70, w: 208, h: 147 },
};
/** The area shown: every node, and room above for the build's path over containerd. */
const BOUNDS = { x: -2, y: -12, width: 874, height: 231 };
/** Between one part lighting up and the next, so the eye follows the request. */
const HOP_MS = 110;

/** Source and target handles by side; `bypass` lights only when the request skips containerd. */
const EDGES: { from: Stop; to: Stop; out: "r" | "b" | "up"; in: "l" | "t"; bypass?: true }[] = [
  { from: "client", to: "api", out: "r", in: "l" },
  { from: "api", to: "daemon", out: "r", in: "l" },
  { from: "daemon", to: "containerd", out: "r", in: "l" },
  { from: "containerd", to: "runtime", out: "r", in: "l" },
  { from: "daemon", to: "registry", out: "b", in: "t" },
  { from: "daemon", to: "images", out: "b", in: "t" },
  { from: "daemon", to: "volumes", out: "b", in: "t" },
  { from: "daemon", to: "networks", out: "b", in: "t" },
  { from: "runtime", to: "containers", out: "b", in: "t" },
  // dockerd's BuildKit runs RUN steps with the runtime directly.
  { from: "daemon", to: "runtime", out: "up", in: "t", bypass: true },
];

type ComponentData = { name: string; detail: string; role: string; lit: boolean; delay: number };
type GroupData = { title: string; labels: ObjectLabel[] | undefined; lit: boolean; delay: number };
type ComponentNodeType = Node<ComponentData, "component">;
type GroupNodeType = Node<GroupData, "objects">;

// Not "group": React Flow styles that type itself.
const nodeTypes = { component: ComponentNode, objects: GroupNode };

export default function ArchitectureDiagram({ store }: { store: EngineViewStore }) {
  return (
    <ReactFlowProvider>
      <Diagram store={store} />
    </ReactFlowProvider>
  );
}

function Diagram({ store }: { store: EngineViewStore }) {
  const engine = useStore(store, (s) => s.engine);
  const path = useStore(store, (s) => (s.pathActive ? s.path : undefined));
  const nodes = useMemo(() => buildNodes(engine, path), [engine, path]);
  const edges = useMemo(() => buildEdges(path), [path]);
  const flow = useReactFlow();
  const host = useRef<HTMLDivElement>(null);

  // The pane changes size with the window (and is 0 × 0 while another tab is open).
  useEffect(() => {
    const observer = new ResizeObserver(() => void flow.fitBounds(BOUNDS, { padding: 0 }));
    observer.observe(host.current!);
    return () => observer.disconnect();
  }, [flow]);

  return (
    <div className="arch-flow" ref={host} aria-hidden="true">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onInit={(instance) => void instance.fitBounds(BOUNDS, { padding: 0 })}
        minZoom={0.3}
        maxZoom={2}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable={false}
        disableKeyboardA11y
        panOnDrag={false}
        zoomOnScroll={false}
        zoomOnPinch={false}
        zoomOnDoubleClick={false}
        preventScrolling={false}
        proOptions={{ hideAttribution: true }}
      />
    </div>
  );
}

function buildNodes(engine: EngineState | undefined, path: RequestPath | undefined): (ComponentNodeType | GroupNodeType)[] {
  const hop = (id: Stop) => {
    const index = path?.stops.indexOf(id) ?? -1;
    return { lit: index >= 0, delay: Math.max(0, index) * HOP_MS };
  };
  const place = (id: Stop) => {
    const { x, y, w, h } = LAYOUT[id];
    return { id, position: { x, y }, width: w, height: h };
  };
  const components = COMPONENTS.map((id: ComponentId): ComponentNodeType => ({
    ...place(id),
    type: "component",
    data: { ...componentText(id, path), role: COMPONENT_TEXT[id].role, ...hop(id) },
  }));
  const groups = OBJECT_GROUPS.map((id: GroupId): GroupNodeType => ({
    ...place(id),
    type: "objects",
    data: { title: GROUP_TEXT[id], labels: engine && objectLabels(engine, id), ...hop(id) },
  }));
  return [...components, ...groups];
}

function buildEdges(path: RequestPath | undefined): Edge[] {
  const stops = path?.stops ?? [];
  return EDGES.map((e) => {
    const lit = stops.includes(e.from) && stops.includes(e.to) && !(e.bypass && stops.includes("containerd"));
    return {
      id: `${e.from}-${e.to}`,
      source: e.from,
      target: e.to,
      sourceHandle: e.out,
      targetHandle: e.in,
      type: e.bypass ? "smoothstep" : "default",
      hidden: e.bypass && !lit,
      pathOptions: { offset: 9, borderRadius: 6 },
      animated: lit,
      className: lit ? "lit" : undefined,
      style: { transitionDelay: `${Math.max(0, stops.indexOf(e.to)) * HOP_MS}ms` },
      // SVG markers take a colour, not a CSS variable: app.css's --accent and the edges' grey.
      markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14, color: lit ? "#2f81f7" : "#3a4b60" },
    };
  });
}

function ComponentNode({ data }: NodeProps<ComponentNodeType>) {
  return (
    <div className={`arch-node arch-component${data.lit ? " lit" : ""}`} style={{ transitionDelay: `${data.delay}ms` }} title={data.role}>
      <Handle type="target" position={Position.Left} id="l" />
      <Handle type="target" position={Position.Top} id="t" />
      <Handle type="source" position={Position.Right} id="r" />
      <Handle type="source" position={Position.Bottom} id="b" />
      <Handle type="source" position={Position.Top} id="up" />
      <strong>{data.name}</strong>
      <span>{data.detail}</span>
    </div>
  );
}

function GroupNode({ data }: NodeProps<GroupNodeType>) {
  const shown = useLeaving(data.labels ?? []);
  return (
    <div className={`arch-node arch-group${data.lit ? " lit" : ""}`} style={{ transitionDelay: `${data.delay}ms` }}>
      <Handle type="target" position={Position.Top} id="t" />
      <div className="arch-group-title">
        {data.title} <span className="arch-count">{data.labels?.length ?? ""}</span>
      </div>
      <ul className="arch-chips nowheel nodrag">
        {shown.map(({ label, leaving }) => (
          <li key={label.key} className={`arch-chip tone-${label.tone}${leaving ? " leaving" : ""}`} title={`${label.name}: ${label.state}`}>
            <span className="arch-dot" />
            <span className="arch-name">{label.name}</span>
            <span className="arch-state">{label.short}</span>
          </li>
        ))}
        {!data.labels && <li className="arch-empty">reading…</li>}
        {data.labels?.length === 0 && <li className="arch-empty">none</li>}
      </ul>
    </div>
  );
}

/** How long a removed object stays, fading, where it was: disappearing is worth seeing too. */
const LEAVE_MS = 900;

function useLeaving(labels: ObjectLabel[]): { label: ObjectLabel; leaving: boolean }[] {
  const [leaving, setLeaving] = useState<{ label: ObjectLabel; index: number }[]>([]);
  const previous = useRef(labels);
  useEffect(() => {
    const keys = new Set(labels.map((l) => l.key));
    const gone = previous.current.flatMap((label, index) => (keys.has(label.key) ? [] : [{ label, index }]));
    previous.current = labels;
    if (gone.length === 0) return;
    setLeaving((current) => [...current.filter((l) => !keys.has(l.label.key)), ...gone]);
    // Not cleared when labels change again: each removal fades out on its own clock.
    setTimeout(() => setLeaving((current) => current.filter((l) => !gone.includes(l))), LEAVE_MS);
  }, [labels]);
  const shown = labels.map((label) => ({ label, leaving: false }));
  for (const { label, index } of leaving) {
    if (!shown.some((s) => s.label.key === label.key)) shown.splice(Math.min(index, shown.length), 0, { label, leaving: true });
  }
  return shown;
}
