/**
 * The OpenAPI 3.1 document of the REST API, generated from the operations the route handler runs
 * (their zod schemas, converted with `z.toJSONSchema`), so the document is what the API does.
 */
import { z } from "zod";
import { operations } from "./api-operations";
import type { AnyOperation } from "./operation";
import { errorSchema } from "./schemas/common.schema";
import { IDEMPOTENCY_HEADER } from "./idempotency";

export const OPENAPI_PATH = "/api/v1/openapi.json";

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

function parametersOf(operation: AnyOperation) {
  const place = (where: "path" | "query", schema: z.ZodObject) => {
    const converted = jsonSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    return Object.entries(converted.properties ?? {}).map(([name, property]) => ({
      name,
      in: where,
      required: where === "path" || (converted.required ?? []).includes(name),
      ...(typeof property.description === "string" ? { description: property.description } : {}),
      schema: property,
    }));
  };
  const idempotency = operation.idempotent
    ? [
        {
          name: IDEMPOTENCY_HEADER,
          in: "header",
          required: false,
          description: "Same key + same body → the first answer again; same key + another body → 409",
          schema: { type: "string", maxLength: 255 },
        },
      ]
    : [];
  return [...place("path", operation.params), ...place("query", operation.query), ...idempotency];
}

function requestBodyOf(operation: AnyOperation) {
  if (operation.body.kind === "none") return undefined;
  if (operation.body.kind === "manifest") {
    return {
      required: true,
      description: "The manifest document itself",
      content: { "application/yaml": { schema: { type: "string" } }, "application/json": { schema: { type: "object" } } },
    };
  }
  return { required: true, content: { "application/json": { schema: jsonSchema(operation.body.schema, "input") } } };
}

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

function operationObject(operation: AnyOperation) {
  const requestBody = requestBodyOf(operation);
  return {
    operationId: operation.id,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    parameters: parametersOf(operation),
    ...(requestBody ? { requestBody } : {}),
    responses: {
      [String(operation.status)]: { description: "Success", content: { "application/json": { schema: jsonSchema(operation.response, "output") } } },
      "400": errorResponse("Invalid input; `error.field` names the field"),
      "401": errorResponse("Missing, unknown or revoked API key"),
      ...(Object.keys(operation.params.shape).length ? { "404": errorResponse("Not found in the key's organization") } : {}),
      ...(operation.method !== "GET" ? { "409": errorResponse("Conflicts with the current state, or an Idempotency-Key reused with another body") } : {}),
      ...(operation.body.kind === "manifest" ? { "422": errorResponse("The manifest does not load; `error.errors` lists every problem") } : {}),
    },
  };
}

export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    paths[operation.path] ??= {};
    paths[operation.path][operation.method.toLowerCase()] = operationObject(operation);
  }
  paths[OPENAPI_PATH] = {
    get: {
      operationId: "getOpenApiDocument",
      tags: ["Meta"],
      summary: "This document",
      security: [],
      responses: { "200": { description: "The OpenAPI 3.1 document", content: { "application/json": { schema: { type: "object" } } } } },
    },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "Switchyard API",
      version: "1.0.0",
      description: "Headless API for vendor backends. Authenticate with `Authorization: Bearer sy_live_…`; every call is scoped to the key's organization.",
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }],
    tags: ["Integrations", "Customers", "Connections", "Actions", "Instances", "Executions", "Meta"].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key, `sy_live_…` (Settings → API keys)" } },
      schemas: { Error: jsonSchema(errorSchema, "output") },
    },
  };
}
