import { describe, expect, it } from "vitest";
import type { StateMachine } from "@/server/engine/definition.schema";
import { layoutFlowGraph } from "./flow-graph";

const machine = {
  StartAt: "Route",
  States: {
    Route: { Type: "Choice", Choices: [{ Variable: "$.action", StringEquals: "opened", Next: "Create" }], Default: "Done" },
    Create: { Type: "Action", Action: "zendesk.createTicket", Next: "Done", Catch: [{ ErrorEquals: ["States.ALL"], Next: "Failed" }] },
    Done: { Type: "Succeed" },
    Failed: { Type: "Fail", Error: "Boom" },
    Orphan: { Type: "Pass", End: true },
  },
} as unknown as StateMachine;

describe("layoutFlowGraph", () => {
  it("puts states in layers by distance from StartAt, with every kind of edge", () => {
    const graph = layoutFlowGraph(machine);
    const layer = Object.fromEntries(graph.nodes.map((n) => [n.name, n.layer]));
    expect(layer).toEqual({ Route: 0, Create: 1, Done: 1, Failed: 2, Orphan: 3 });
    expect(graph.edges.map((e) => `${e.from}-${e.kind}->${e.to}`)).toEqual([
      "Route-choice->Create",
      "Route-default->Done",
      "Create-next->Done",
      "Create-catch->Failed",
    ]);
    expect(graph.columns).toBe(2);
    expect(graph.layers).toBe(4);
  });

  it("highlights the path an execution took, retries included, and marks failed states", () => {
    const graph = layoutFlowGraph(machine, ["Route", "Create", "Create", "Failed"], ["Create", "Failed"]);
    expect(graph.edges.filter((e) => e.taken).map((e) => `${e.from}->${e.to}`)).toEqual(["Route->Create", "Create->Failed"]);
    expect(graph.nodes.filter((n) => n.visited).map((n) => n.name).sort()).toEqual(["Create", "Failed", "Route"]);
    expect(graph.nodes.find((n) => n.name === "Done")).toMatchObject({ visited: false, failed: false });
  });
});
