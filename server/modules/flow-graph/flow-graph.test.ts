import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { StateMachine } from "@/server/engine/definition.schema";
import { layoutFlowGraph, type FlowGraph, type Point } from "./flow-graph";
import { textWidth, wrapLabel } from "./label-size";

const machine = {
  StartAt: "Route",
  States: {
    // Stored manifests may put Next before the operator.
    Route: { Type: "Choice", Choices: [{ Next: "Create", Variable: "$.body.action", StringEquals: "opened" }], Default: "Done" },
    Create: { Type: "Action", Action: "zendesk.createTicket", Next: "Done", Catch: [{ ErrorEquals: ["States.ALL"], Next: "Failed" }] },
    Done: { Type: "Succeed" },
    Failed: { Type: "Fail", Error: "Boom" },
    Orphan: { Type: "Pass", End: true },
  },
} as unknown as StateMachine;

function exampleFlow(example: string, flowKey: string): StateMachine {
  const manifest = parse(readFileSync(path.join(process.cwd(), "examples", example, "manifest.yaml"), "utf8")) as { flows: (StateMachine & { key: string })[] };
  return manifest.flows.find((flow) => flow.key === flowKey)!;
}

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Whether the segment p→q passes through the inside of `box` (shrunk by 2 px so touching its border does not count). */
function crosses(p: Point, q: Point, box: Box): boolean {
  const inner = { left: box.x + 2, right: box.x + box.width - 2, top: box.y + 2, bottom: box.y + box.height - 2 };
  for (let step = 0; step <= 50; step++) {
    const x = p.x + ((q.x - p.x) * step) / 50;
    const y = p.y + ((q.y - p.y) * step) / 50;
    if (x > inner.left && x < inner.right && y > inner.top && y < inner.bottom) return true;
  }
  return false;
}

function assertReadable(graph: FlowGraph) {
  for (const node of graph.nodes) {
    for (const line of node.lines) expect(textWidth(line), `${node.name}: "${line}" fits its box`).toBeLessThanOrEqual(node.width - 24);
    expect(node.x).toBeGreaterThanOrEqual(0);
    expect(node.y + node.height).toBeLessThanOrEqual(graph.height);
  }
  for (const [i, a] of graph.nodes.entries()) for (const b of graph.nodes.slice(i + 1)) expect(overlaps(a, b), `${a.name} and ${b.name} overlap`).toBe(false);
  for (const edge of graph.edges) {
    expect(edge.points.length).toBeGreaterThanOrEqual(2);
    for (const node of graph.nodes) {
      if (node.name === edge.from || node.name === edge.to) continue;
      const hit = edge.points.slice(1).some((q, index) => crosses(edge.points[index]!, q, node));
      expect(hit, `edge ${edge.from} → ${edge.to} runs behind ${node.name}`).toBe(false);
    }
  }
}

describe("layoutFlowGraph", () => {
  it("lays every state and every kind of edge out, StartAt on top, with labels on choices and catches", () => {
    const graph = layoutFlowGraph(machine);
    expect(graph.edges.map((e) => `${e.from}-${e.kind}->${e.to}`)).toEqual([
      "Route-choice->Create",
      "Route-default->Done",
      "Create-next->Done",
      "Create-catch->Failed",
    ]);
    expect(graph.edges.map((e) => e.label)).toEqual(["action = opened", "otherwise", null, "on error"]);
    const y = Object.fromEntries(graph.nodes.map((n) => [n.name, n.y]));
    expect(y.Route).toBeLessThan(y.Create!);
    expect(y.Create).toBeLessThan(y.Failed!);
    expect(graph.nodes.find((n) => n.name === "Create")?.detail).toBe("zendesk.createTicket");
    assertReadable(graph);
  });

  it("highlights the path an execution took, counts retries, and marks failed states", () => {
    const graph = layoutFlowGraph(machine, ["Route", "Create", "Create", "Failed"], ["Create", "Failed"]);
    expect(graph.edges.filter((e) => e.taken).map((e) => `${e.from}->${e.to}`)).toEqual(["Route->Create", "Create->Failed"]);
    expect(
      graph.nodes
        .filter((n) => n.visited)
        .map((n) => n.name)
        .sort(),
    ).toEqual(["Create", "Failed", "Route"]);
    expect(graph.nodes.find((n) => n.name === "Create")).toMatchObject({ visits: 2, failed: true });
    expect(graph.nodes.find((n) => n.name === "Done")).toMatchObject({ visited: false, failed: false, visits: 0 });
  });

  it("keeps the example flows readable: no overlapping states, no edge behind a state, every label inside its box", () => {
    for (const [example, flow] of [
      ["github-zendesk", "fromGithub"],
      ["github-zendesk", "deploy"],
      ["github-zendesk", "fromZendesk"],
      ["github-slack", "deploy"],
    ] as const) {
      const graph = layoutFlowGraph(exampleFlow(example, flow));
      expect(graph.nodes.length).toBeGreaterThan(3);
      assertReadable(graph);
    }
  });
});

describe("wrapLabel", () => {
  it("breaks long camelCase names at their humps and cuts what would not fit in three lines", () => {
    expect(wrapLabel("Route", 196)).toEqual(["Route"]);
    const lines = wrapLabel("FindTicketToCommentAndRememberTheTicketForLaterUse", 120);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe("FindTicketTo");
    expect(lines[2]).toMatch(/…$/);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(120);
    for (const line of wrapLabel("AVeryLongStateNameWithoutAnyBreaksxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 100))
      expect(textWidth(line)).toBeLessThanOrEqual(100);
  });
});
