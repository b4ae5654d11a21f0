import fc from "fast-check";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";

import { loadManifest, type LoadManifestResult } from "@/server/manifest/load-manifest";
import { FUZZ_TIMEOUT_MS, fuzzRuns } from "@/server/testing/fuzz";

/** Either a manifest, or at least one error that names a path and a message. */
function expectWellFormed(result: LoadManifestResult) {
  if (result.ok) {
    expect(result.manifest).toBeTypeOf("object");
    return;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(error.path).toBeTypeOf("string");
    expect(error.message).toBeTypeOf("string");
    expect(error.message.length).toBeGreaterThan(0);
  }
}

const STATE_TYPES = ["Action", "Task", "Pass", "Wait", "Choice", "Map", "Parallel", "Succeed", "Fail", "WaitForEvent", "Bogus"];

/** Values shaped roughly like a manifest, so generated inputs reach the schema and the static checks. */
const stateFields = {
  Type: fc.constantFrom(...STATE_TYPES),
  Next: fc.oneof(fc.constantFrom("A", "B", "C"), fc.jsonValue({ maxDepth: 1 })),
  End: fc.oneof(fc.boolean(), fc.jsonValue({ maxDepth: 1 })),
  Default: fc.constantFrom("A", "Z"),
  Action: fc.constantFrom("zendesk.createTicket", "notify", "x.", ".y", ""),
  Connection: fc.constantFrom("zendesk", "nope"),
  Parameters: fc.dictionary(
    fc.constantFrom("a.$", "b", "c.$"),
    fc.oneof(fc.constantFrom("$.x", "$$.Config.k", "States.Format('{}', $.a)", "$[", "States.Nope("), fc.jsonValue({ maxDepth: 1 })),
  ),
  InputPath: fc.constantFrom("$", "$.a[", "$$.Config.missing", null),
  Choices: fc.array(fc.record({ Variable: fc.constantFrom("$.a", "$["), StringEquals: fc.string(), Next: fc.constantFrom("A", "Q") }, { requiredKeys: [] }), {
    maxLength: 2,
  }),
  Catch: fc.array(fc.record({ ErrorEquals: fc.constant(["States.ALL"]), Next: fc.constantFrom("A", "Q") }, { requiredKeys: [] }), { maxLength: 2 }),
};
const machineOf = (state: fc.Arbitrary<unknown>) =>
  fc.record({ StartAt: fc.constantFrom("A", "B", "Nope"), States: fc.dictionary(fc.constantFrom("A", "B", "C"), state, { maxKeys: 3 }) }, { requiredKeys: [] });
const leafState = fc.record(stateFields, { requiredKeys: [] });
// One level of Map/Parallel nesting is enough to reach the branch checks without exploding in size.
const stateArbitrary = fc.record(
  { ...stateFields, Branches: fc.array(machineOf(leafState), { maxLength: 2 }), ItemProcessor: machineOf(leafState) },
  { requiredKeys: [] },
);

const manifestLikeArbitrary = fc.record(
  {
    key: fc.oneof(fc.constant("demo"), fc.jsonValue({ maxDepth: 2 })),
    name: fc.oneof(fc.constant("Demo"), fc.jsonValue()),
    connections: fc.oneof(fc.constant({ zendesk: { connector: "zendesk" } }), fc.jsonValue()),
    config: fc.oneof(
      fc.record({
        pages: fc.array(
          fc.record({
            title: fc.string(),
            fields: fc.array(
              fc.record(
                { key: fc.constantFrom("k", "k", "secret"), type: fc.constantFrom("string", "secret", "schedule", "select", "x") },
                { requiredKeys: [] },
              ),
            ),
          }),
        ),
      }),
      fc.jsonValue(),
    ),
    endpoints: fc.oneof(fc.constant({ mode: "per-instance", dispatch: [{ flow: "nope", when: { "$[": 1 } }] }), fc.jsonValue()),
    flows: fc.array(
      fc.record(
        {
          key: fc.constantFrom("main", "main", "other"),
          trigger: fc.oneof(
            fc.constant({ type: "webhook", verify: { preset: "github", secret: { config: "k" } } }),
            fc.constant({ type: "schedule", config: "k" }),
            fc.jsonValue(),
          ),
          StartAt: fc.constantFrom("A", "B", "Nope"),
          States: fc.dictionary(fc.constantFrom("A", "B", "C"), stateArbitrary, { maxKeys: 3 }),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
    subscriptions: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

describe("loadManifest never throws", { timeout: FUZZ_TIMEOUT_MS }, () => {
  it("on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), fc.constantFrom(undefined, "json" as const), (text, format) => {
        expectWellFormed(loadManifest(text, { format }));
      }),
      { numRuns: fuzzRuns(400) },
    );
  }, 30_000);

  it("on arbitrary JSON values, written as JSON or YAML", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectWellFormed(loadManifest(JSON.stringify(value) ?? "null", { format: "json" }));
        expectWellFormed(loadManifest(stringify(value)));
      }),
      { numRuns: fuzzRuns(300) },
    );
  });

  it("on manifest-shaped documents full of broken references", () => {
    const catalogue = {
      connectorKeys: ["zendesk"],
      members: (connector: string) => (connector === "zendesk" ? { actions: [], dataSources: [], pollers: [] } : undefined),
    };
    fc.assert(
      fc.property(manifestLikeArbitrary, (value) => {
        expectWellFormed(loadManifest(stringify(value), { catalogue }));
      }),
      { numRuns: fuzzRuns(200) },
    );
  }, 30_000);
});
