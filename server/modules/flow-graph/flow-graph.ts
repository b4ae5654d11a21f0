/**
 * Lays a flow's state machine out for drawing, with the path one execution took. A layered layout
 * (@dagrejs/dagre): states in ranks from StartAt downwards, edges routed between the ranks (long
 * ones through their own lanes, so none runs behind a state), room made for edge labels, boxes
 * sized to their wrapped labels. Computed on the server so the pages that draw it ship no layout
 * code. Pure apart from dagre.
 */
import { graphlib, layout } from "@dagrejs/dagre";
import type { ChoiceCondition } from "@/server/engine/choice.schema";
import type { State, StateMachine } from "@/server/engine/definition.schema";
import { catchLabel, choiceLabel, cut } from "./edge-labels";
import { LABEL_FONT_PX, LINE_HEIGHT_PX, textWidth, wrapLabel } from "./label-size";

export type EdgeKind = "next" | "choice" | "default" | "catch";

export interface Point {
  x: number;
  y: number;
}

export interface FlowGraphNode {
  name: string;
  type: string;
  /** What the state does, under its name: the action for Action states, else the state type. */
  detail: string;
  lines: string[];
  /** Top-left corner and size, in the graph's own units (px at 100%). */
  x: number;
  y: number;
  width: number;
  height: number;
  visited: boolean;
  failed: boolean;
  /** How often the run entered the state (retries and loops count). */
  visits: number;
}

export interface FlowGraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** Shown on the edge (cut to fit); `title` holds the whole text. */
  label: string | null;
  title: string;
  points: Point[];
  labelBox: { x: number; y: number; width: number; height: number } | null;
  taken: boolean;
}

export interface FlowGraph {
  width: number;
  height: number;
  nodes: FlowGraphNode[];
  edges: FlowGraphEdge[];
}

const MAX_TEXT_WIDTH = 196;
const MIN_NODE_WIDTH = 132;
const PADDING_X = 12;
const PADDING_Y = 8;
const DETAIL_FONT_PX = 10;
const DETAIL_LINE_PX = 14;
const EDGE_LABEL_FONT_PX = 10;

interface EdgeSpec {
  from: string;
  to: string;
  kind: EdgeKind;
  title: string | null;
}

function edgesOf(name: string, state: State): EdgeSpec[] {
  const edges: EdgeSpec[] = [];
  if (state.Type === "Choice") {
    for (const rule of state.Choices) edges.push({ from: name, to: rule.Next, kind: "choice", title: choiceLabel(rule as ChoiceCondition) });
    if (state.Default !== undefined) edges.push({ from: name, to: state.Default, kind: "default", title: "otherwise" });
  } else if ("Next" in state && state.Next !== undefined) {
    edges.push({ from: name, to: state.Next, kind: "next", title: null });
  }
  if ("Catch" in state)
    for (const catcher of state.Catch ?? []) edges.push({ from: name, to: catcher.Next, kind: "catch", title: catchLabel(catcher.ErrorEquals) });
  return edges;
}

function detailOf(state: State): string {
  // Stored manifests say Action; a raw one may still say Task/Resource (the ASL spelling).
  const raw = state as { Type: string; Action?: string; Resource?: string };
  if (raw.Type === "Action" || raw.Type === "Task") return raw.Action ?? raw.Resource ?? raw.Type;
  return raw.Type;
}

/** Cuts `text` by characters until it fits `maxWidth` at `fontPx`. */
function fitText(text: string, maxWidth: number, fontPx: number): string {
  if (textWidth(text, fontPx) <= maxWidth) return text;
  let kept = text;
  while (kept.length > 1 && textWidth(`${kept}…`, fontPx) > maxWidth) kept = kept.slice(0, -1);
  return `${kept}…`;
}

/**
 * `path`: the state names of the execution's step runs, in order (a retried state repeats);
 * `failedStates`: those whose step failed.
 */
export function layoutFlowGraph(machine: Pick<StateMachine, "StartAt" | "States">, path: string[] = [], failedStates: string[] = []): FlowGraph {
  const graph = new graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: "TB", nodesep: 28, ranksep: 44, edgesep: 16, marginx: 12, marginy: 12 });
  graph.setDefaultEdgeLabel(() => ({}));

  const visits = new Map<string, number>();
  for (const name of path) visits.set(name, (visits.get(name) ?? 0) + 1);
  const failed = new Set(failedStates);
  const names = Object.keys(machine.States);

  const boxes = new Map<string, { lines: string[]; detail: string; width: number; height: number }>();
  for (const name of names) {
    const state = machine.States[name]!;
    const lines = wrapLabel(name, MAX_TEXT_WIDTH);
    const detail = fitText(detailOf(state), MAX_TEXT_WIDTH, DETAIL_FONT_PX);
    const textWide = Math.max(...lines.map((line) => textWidth(line, LABEL_FONT_PX)), textWidth(detail, DETAIL_FONT_PX));
    const width = Math.max(MIN_NODE_WIDTH, textWide + 2 * PADDING_X);
    const height = lines.length * LINE_HEIGHT_PX + DETAIL_LINE_PX + 2 * PADDING_Y;
    boxes.set(name, { lines, detail, width, height });
    graph.setNode(name, { width, height });
  }

  const specs = names.flatMap((name) => edgesOf(name, machine.States[name]!)).filter((edge) => machine.States[edge.to]);
  specs.forEach((edge, index) => {
    const label = edge.title ? cut(edge.title) : null;
    graph.setEdge(edge.from, edge.to, label ? { width: textWidth(label, EDGE_LABEL_FONT_PX) + 8, height: 16, labelpos: "c" } : {}, String(index));
  });

  layout(graph);

  const takenPairs = new Set(path.slice(1).map((to, index) => `${path[index]}\u0000${to}`));
  const nodes: FlowGraphNode[] = names.map((name) => {
    const placed = graph.node(name);
    const box = boxes.get(name)!;
    return {
      name,
      type: machine.States[name]!.Type,
      detail: box.detail,
      lines: box.lines,
      x: Math.round(placed.x - box.width / 2),
      y: Math.round(placed.y - box.height / 2),
      width: box.width,
      height: box.height,
      visited: visits.has(name),
      failed: failed.has(name),
      visits: visits.get(name) ?? 0,
    };
  });
  const edges: FlowGraphEdge[] = specs.map((edge, index) => {
    const placed = graph.edge({ v: edge.from, w: edge.to, name: String(index) });
    const label = edge.title ? cut(edge.title) : null;
    const labelWidth = label ? textWidth(label, EDGE_LABEL_FONT_PX) + 8 : 0;
    return {
      from: edge.from,
      to: edge.to,
      kind: edge.kind,
      label,
      title: edge.title ? `${edge.from} → ${edge.to}: ${edge.title}` : `${edge.from} → ${edge.to}`,
      points: (placed.points ?? []).map((point: Point) => ({ x: Math.round(point.x), y: Math.round(point.y) })),
      labelBox:
        label && placed.x !== undefined ? { x: Math.round(placed.x - labelWidth / 2), y: Math.round(placed.y! - 8), width: labelWidth, height: 16 } : null,
      taken: takenPairs.has(`${edge.from}\u0000${edge.to}`),
    };
  });
  const size = graph.graph();
  return { width: Math.ceil(size.width ?? 0), height: Math.ceil(size.height ?? 0), nodes, edges };
}
