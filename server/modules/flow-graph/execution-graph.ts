/** The flow graph of one execution: its pinned manifest's flow, with the states its steps went through. */
import type { StateMachine } from "@/server/engine/definition.schema";
import type { Manifest } from "@/server/manifest/manifest.schema";
import { layoutFlowGraph, type FlowGraph } from "./flow-graph";

export function executionFlowGraph(manifest: Manifest | null | undefined, flowKey: string, steps: { stateName: string; status: string }[]): FlowGraph | null {
  const flow = manifest?.flows.find((candidate) => candidate.key === flowKey);
  if (!flow) return null;
  return layoutFlowGraph(
    flow as unknown as StateMachine,
    steps.map((step) => step.stateName),
    steps.filter((step) => step.status === "failed").map((step) => step.stateName),
  );
}
