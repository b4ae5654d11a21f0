/**
 * The OpenAPI document covers every REST route: the route files under app/api/v1 are the one
 * catch-all (and the document's own route), the catch-all answers exactly the operations, and each
 * operation is in the document at its path and method. The document passes
 * @readme/openapi-parser's validator, and every schema in it compiles as JSON Schema 2020-12.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { compileErrors, validate } from "@readme/openapi-parser";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { operations } from "./api-operations";
import { openApiDocument } from "./openapi";
import { findOperation } from "./route-handler";

const API_ROOT = path.resolve("app/api/v1");

function routeFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

type Doc = ReturnType<typeof openApiDocument>;
type OperationObject = {
  operationId: string;
  parameters?: { name: string; in: string; schema: object }[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
};

function operationsOf(doc: Doc): [string, string, OperationObject][] {
  return Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.entries(item).map(([method, op]) => [p, method, op as OperationObject] as [string, string, OperationObject]),
  );
}

describe("OpenAPI document", () => {
  const doc = openApiDocument("https://switchyard.example.com");

  it("has every operation the REST route answers, at its path and method", () => {
    expect(
      routeFiles(API_ROOT)
        .map((file) => path.relative(API_ROOT, file))
        .sort(),
    ).toEqual(["[...path]/route.ts", "openapi.json/route.ts"]);
    expect(operations.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const operation of operations) {
      const concretePath = operation.path.replace(/\{(\w+)\}/g, "00000000-0000-4000-8000-000000000000");
      const found = findOperation(operation.method, concretePath);
      expect(found && "operation" in found ? found.operation.id : found, `${operation.method} ${concretePath}`).toBe(operation.id);
      const documented = (doc.paths as Record<string, Record<string, { operationId?: string }>>)[operation.path]?.[operation.method.toLowerCase()];
      if (documented?.operationId !== operation.id) missing.push(`${operation.method} ${operation.path}`);
    }
    expect(missing).toEqual([]);
  });

  it("passes an OpenAPI validator", async () => {
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? "" : compileErrors(result)).toBe(true);
  });

  it("is structurally a valid OpenAPI 3.1 document", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const ids = operationsOf(doc).map(([, , op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [p, method, op] of operationsOf(doc)) {
      expect(["get", "post", "put", "patch", "delete"]).toContain(method);
      const templated = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? [])
        .filter((param) => param.in === "path")
        .map((param) => param.name)
        .sort();
      expect(declared, `${method} ${p} path parameters`).toEqual(templated);
      expect(
        Object.keys(op.responses).some((status) => /^2\d\d$/.test(status)),
        `${method} ${p} has a success answer`,
      ).toBe(true);
    }
  });

  it("holds only schemas Ajv compiles as JSON Schema 2020-12, and resolvable $refs", () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const schemas: object[] = Object.values(doc.components.schemas);
    for (const [, , op] of operationsOf(doc)) {
      for (const param of op.parameters ?? []) schemas.push(param.schema);
      for (const media of Object.values(op.requestBody?.content ?? {})) schemas.push(media.schema);
      for (const response of Object.values(op.responses)) for (const media of Object.values(response.content ?? {})) schemas.push(media.schema);
    }
    for (const schema of schemas) {
      const refs = JSON.stringify(schema).match(/"\$ref":"[^"]+"/g) ?? [];
      for (const ref of refs) expect(ref).toMatch(/#\/components\/schemas\/(Error)"/);
      if (refs.length === 0) expect(() => ajv.compile(schema)).not.toThrow();
    }
    expect(schemas.length).toBeGreaterThan(40);
  });

  it("describes the error shape and the API key security scheme", () => {
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.schemas.Error).toMatchObject({ type: "object", required: ["error"] });
  });
});
