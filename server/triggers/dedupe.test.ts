import { describe, expect, it } from "vitest";
import { dedupeKey } from "./dedupe";

const request = { headers: { "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" } };

describe("dedupeKey", () => {
  it("reads a header, whatever case the config spells it in", () => {
    expect(dedupeKey({ header: "X-GitHub-Delivery" }, request, {})).toBe("72d3162e-cc78-11e3-81ab-4c9367dc0958");
  });

  it("reads a JSONPath into the parsed body (Stripe's event id)", () => {
    expect(dedupeKey({ path: "$.id" }, { headers: {} }, { id: "evt_1NG8Du2eZvKYlo2CUI79vXWy", object: "event" })).toBe("evt_1NG8Du2eZvKYlo2CUI79vXWy");
    expect(dedupeKey({ path: "$.event.seq" }, { headers: {} }, { event: { seq: 42 } })).toBe("42");
  });

  it("prefers the header and falls back to the path", () => {
    expect(dedupeKey({ header: "x-github-delivery", path: "$.id" }, request, { id: "body-id" })).toBe("72d3162e-cc78-11e3-81ab-4c9367dc0958");
    expect(dedupeKey({ header: "x-missing", path: "$.id" }, request, { id: "body-id" })).toBe("body-id");
  });

  it("returns null when there is no usable key, so the delivery is never taken for a repeat", () => {
    expect(dedupeKey({}, request, { id: "x" })).toBeNull();
    expect(dedupeKey({ path: "$.id" }, { headers: {} }, { id: { nested: true } })).toBeNull();
    expect(dedupeKey({ path: "$.id" }, { headers: {} }, { id: "  " })).toBeNull();
    expect(dedupeKey({ path: "$.id" }, { headers: {} }, "not an object")).toBeNull();
  });

  it("hashes an oversized key to a stable, bounded one", () => {
    const long = "k".repeat(5000);
    const key = dedupeKey({ path: "$.id" }, { headers: {} }, { id: long });
    expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(dedupeKey({ path: "$.id" }, { headers: {} }, { id: long })).toBe(key);
  });
});
