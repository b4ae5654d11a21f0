/**
 * The flow graph of one execution: its pinned manifest's flow (or, for a call of a connector-action
 * tool, the one-state flow it ran), with the states its steps went through.
 */
import { connectorRegistry } from "@/server/connectors/registry";
import type { StateMachine } from "@/server/engine/definition.schema";
import type { Manifest } from "@/server/manifest/manifest.schema";
import { actionToolFlow } from "@/server/modules/tools/tool-definitions";
import { layoutFlowGraph, type FlowGraph } from "./flow-graph";

export function executionFlowGraph(manifest: Manifest | null | undefined, flowKey: string, steps: { stateName: string; status: string }[]): FlowGraph | null {
  const flow = manifest && (manifest.flows.find((candidate) => candidate.key === flowKey) ?? actionToolFlow(manifest, flowKey, connectorRegistry));
  if (!flow) return null;
  return layoutFlowGraph(
    flow as unknown as StateMachine,
    steps.map((step) => step.stateName),
    steps.filter((step) => step.status === "failed").map((step) => step.stateName),
  );
}
