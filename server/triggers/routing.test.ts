import { describe, expect, it } from "vitest";
import type { Manifest } from "@/server/manifest/manifest.schema";
import { responseFromOutput } from "@/server/runtime/sync-run";
import { endpointRules, flowsForEventType, routeDelivery, StaleEndpointError } from "./routing";

const flow = (key: string, trigger: Manifest["flows"][number]["trigger"]) =>
  ({ key, trigger, StartAt: "Done", States: { Done: { Type: "Succeed" } } }) as Manifest["flows"][number];

const base = { key: "m", name: "M", connections: {}, config: { pages: [] }, actions: {}, subscriptions: [] } as unknown as Manifest;

describe("routing", () => {
  it("applies a per-flow endpoint's match filter and names the path that failed", () => {
    const manifest = {
      ...base,
      endpoints: { mode: "per-flow" },
      flows: [flow("hook", { type: "webhook", match: { "$.body.action": ["opened"] } })],
    } as Manifest;
    expect(routeDelivery(manifest, "hook", { body: { action: "opened" } })).toMatchObject({ kind: "start", flows: [{ flowKey: "hook" }] });
    expect(routeDelivery(manifest, "hook", { body: { action: "closed" } })).toEqual({
      kind: "filtered",
      reason: 'match filter: $.body.action: got "closed", expected "opened"',
      eventType: null,
    });
    expect(() => endpointRules(manifest, "gone")).toThrow(StaleEndpointError);
  });

  it("dispatches by routes (first match wins)", () => {
    const manifest = {
      ...base,
      endpoints: {
        mode: "per-instance",
        dispatch: [
          { flow: "a", when: { "$.body.kind": "x" } },
          { flow: "b", when: { "$.body.n": 1 } },
        ],
      },
      flows: [flow("a", { type: "event" }), flow("b", { type: "event" })],
    } as Manifest;
    expect(routeDelivery(manifest, null, { body: { kind: "x", n: 1 } })).toMatchObject({ flows: [{ flowKey: "a" }] });
    expect(routeDelivery(manifest, null, { body: { n: 1 } })).toMatchObject({ flows: [{ flowKey: "b" }] });
    expect(routeDelivery(manifest, null, { body: {} })).toMatchObject({ kind: "filtered", reason: "no dispatch route matched the event" });
  });

  it("finds event-triggered flows and plain or ZIS-style subscriptions for an event type", () => {
    const manifest = {
      ...base,
      flows: [flow("typed", { type: "event", eventType: "order.paid" }), flow("sub", { type: "event" }), flow("zis", { type: "event" })],
      subscriptions: [
        { eventType: "order.paid", flow: "sub" },
        { event_source: "support", event_type: "order.paid", flow: "zis" },
      ],
    } as unknown as Manifest;
    expect(flowsForEventType(manifest, "order.paid", null).sort()).toEqual(["sub", "typed", "zis"]);
    expect(flowsForEventType(manifest, "order.paid", "billing").sort()).toEqual(["sub", "typed"]);
    expect(flowsForEventType(manifest, "order.refunded", null)).toEqual([]);
  });
});

describe("synchronous answers", () => {
  it("turns { status, headers, body } into the HTTP answer and anything else into JSON 200", async () => {
    const shaped = responseFromOutput({ status: 404, headers: { "x-why": "gone" }, body: "not here" });
    expect(shaped).toEqual({ status: 404, headers: { "x-why": "gone", "content-type": "text/plain; charset=utf-8" }, body: "not here" });
    const plain = responseFromOutput({ status: "ok", items: [1] });
    expect(plain.status).toBe(200);
    expect(JSON.parse(plain.body!)).toEqual({ status: "ok", items: [1] });
  });
});
