/**
 * Lays a flow's state machine out for drawing: states in layers by their distance from StartAt
 * (Next, Choices, Default and Catch edges), and the path one execution took. Pure.
 */
import { listTransitions, type State, type StateMachine } from "@/server/engine/definition.schema";

export type EdgeKind = "next" | "choice" | "default" | "catch";

export interface GraphNode {
  name: string;
  type: string;
  layer: number;
  column: number;
  visited: boolean;
  failed: boolean;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  taken: boolean;
}

export interface FlowGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  layers: number;
  columns: number;
}

function edgesOf(name: string, state: State): Omit<GraphEdge, "taken">[] {
  const edges: Omit<GraphEdge, "taken">[] = [];
  if (state.Type === "Choice") {
    for (const rule of state.Choices) edges.push({ from: name, to: rule.Next, kind: "choice" });
    if (state.Default !== undefined) edges.push({ from: name, to: state.Default, kind: "default" });
  } else if ("Next" in state && state.Next !== undefined) {
    edges.push({ from: name, to: state.Next, kind: "next" });
  }
  if ("Catch" in state) for (const catcher of state.Catch ?? []) edges.push({ from: name, to: catcher.Next, kind: "catch" });
  return edges;
}

/** `path`: the state names of the execution's step runs, in order; `failedStates` those that failed. */
export function layoutFlowGraph(machine: Pick<StateMachine, "StartAt" | "States">, path: string[] = [], failedStates: string[] = []): FlowGraph {
  const layerOf = new Map<string, number>();
  const queue: string[] = [machine.StartAt];
  layerOf.set(machine.StartAt, 0);
  while (queue.length) {
    const name = queue.shift()!;
    const state = machine.States[name];
    if (!state) continue;
    for (const target of listTransitions(state)) {
      if (!layerOf.has(target) && machine.States[target]) {
        layerOf.set(target, layerOf.get(name)! + 1);
        queue.push(target);
      }
    }
  }
  // Unreachable states still show, below everything else.
  const deepest = Math.max(0, ...layerOf.values());
  for (const name of Object.keys(machine.States)) if (!layerOf.has(name)) layerOf.set(name, deepest + 1);

  const columnsUsed = new Map<number, number>();
  const visited = new Set(path);
  const failed = new Set(failedStates);
  const nodes: GraphNode[] = Object.keys(machine.States)
    .sort((a, b) => layerOf.get(a)! - layerOf.get(b)!)
    .map((name) => {
      const layer = layerOf.get(name)!;
      const column = columnsUsed.get(layer) ?? 0;
      columnsUsed.set(layer, column + 1);
      return { name, type: machine.States[name].Type, layer, column, visited: visited.has(name), failed: failed.has(name) };
    });
  const takenPairs = new Set(path.slice(1).map((to, index) => `${path[index]}\u0000${to}`));
  const edges = Object.entries(machine.States)
    .flatMap(([name, state]) => edgesOf(name, state))
    .filter((edge) => machine.States[edge.to])
    .map((edge) => ({ ...edge, taken: takenPairs.has(`${edge.from}\u0000${edge.to}`) }));
  return { nodes, edges, layers: Math.max(0, ...nodes.map((n) => n.layer)) + 1, columns: Math.max(1, ...columnsUsed.values()) };
}
