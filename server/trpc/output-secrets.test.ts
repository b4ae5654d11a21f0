/**
 * No API answer has room for a secret: every tRPC output validator and REST response schema is
 * walked for fields whose name says they hold one. The few that must (a credential shown once to
 * the person who just created it) are listed with the reason.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { operations } from "@/server/api/api-operations";
import { isSecretKey } from "@/server/text/redact";
import { SHOWN_ONCE } from "@/server/testing/tenant-isolation/shown-once";
import { appRouter } from "./root";

function fieldNames(schema: z.ZodType): string[] {
  const json = z.toJSONSchema(schema, { io: "output", unrepresentable: "any", cycles: "ref" }) as unknown;
  const names: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    const properties = (node as { properties?: Record<string, unknown> }).properties;
    // A flag saying whether a secret is set (`hasClientSecret: boolean`) holds none.
    if (properties)
      names.push(
        ...Object.entries(properties)
          .filter(([, p]) => (p as { type?: string }).type !== "boolean")
          .map(([name]) => name),
      );
    Object.values(node).forEach(visit);
  };
  visit(json);
  return [...new Set(names)];
}

type ProcedureDef = { _def: { output?: z.ZodType; type: string } };
const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureDef>;

describe("API answers hold no secrets", () => {
  it("every procedure declares its output", () => {
    expect(
      Object.entries(procedures)
        .filter(([, p]) => !p._def.output)
        .map(([path]) => path),
    ).toEqual([]);
  });

  it("no tRPC output schema has a secret-named field, except credentials shown once", () => {
    const found = Object.entries(procedures).flatMap(([path, p]) =>
      fieldNames(p._def.output!)
        .filter(isSecretKey)
        .map((field) => `${path} → ${field}`),
    );
    expect(found.sort()).toEqual(
      Object.entries(SHOWN_ONCE)
        .map(([path, field]) => `${path} → ${field}`)
        .sort(),
    );
  });

  it("no REST response schema has a secret-named field", () => {
    const found = operations.flatMap((o) =>
      fieldNames(o.response)
        .filter(isSecretKey)
        .map((field) => `${o.method} ${o.path} → ${field}`),
    );
    expect(found).toEqual([]);
  });

  it("the walk does find secret-named fields where they are", () => {
    expect(fieldNames(z.object({ items: z.array(z.object({ credentials: z.object({ accessToken: z.string() }) })) })).filter(isSecretKey)).toEqual([
      "credentials",
      "accessToken",
    ]);
  });
});
