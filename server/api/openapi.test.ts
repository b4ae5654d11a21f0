/**
 * The OpenAPI document covers every REST route: each route file under app/api/v1 and each method
 * it exports must be in the document, with the path its folder gives. The document passes
 * @readme/openapi-parser's validator, and every schema in it compiles as JSON Schema 2020-12.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { compileErrors, validate } from "@readme/openapi-parser";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

const API_ROOT = path.resolve("app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

function openApiPath(file: string): string {
  const segments = path.relative(API_ROOT, path.dirname(file)).split(path.sep).filter(Boolean);
  return `/api/v1/${segments.map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/")}`.replace(/\/$/, "");
}

type Doc = ReturnType<typeof openApiDocument>;
type OperationObject = { operationId: string; parameters?: { name: string; in: string; schema: object }[]; requestBody?: { content: Record<string, { schema: object }> }; responses: Record<string, { content?: Record<string, { schema: object }> }> };

function operationsOf(doc: Doc): [string, string, OperationObject][] {
  return Object.entries(doc.paths).flatMap(([p, item]) => Object.entries(item).map(([method, op]) => [p, method, op as OperationObject] as [string, string, OperationObject]));
}

describe("OpenAPI document", () => {
  const doc = openApiDocument("https://switchyard.example.com");

  it("has every route file's every method, at the path its folder gives", async () => {
    const files = routeFiles(API_ROOT);
    expect(files.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const file of files) {
      const module = (await import(file)) as Record<string, unknown>;
      const routePath = openApiPath(file);
      for (const method of METHODS) {
        if (!module[method]) continue;
        const operation = (doc.paths as Record<string, Record<string, unknown>>)[routePath]?.[method.toLowerCase()];
        if (!operation) missing.push(`${method} ${routePath}`);
        const declared = (module[method] as { operation?: { path: string; method: string } }).operation;
        if (declared) expect(`${declared.method} ${declared.path}`).toBe(`${method} ${routePath}`);
      }
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
      const declared = (op.parameters ?? []).filter((param) => param.in === "path").map((param) => param.name).sort();
      expect(declared, `${method} ${p} path parameters`).toEqual(templated);
      expect(Object.keys(op.responses).some((status) => /^2\d\d$/.test(status)), `${method} ${p} has a success answer`).toBe(true);
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
