/**
 * An API operation is declared once — method, path, zod schemas for path, query, body and answer,
 * and the function it runs — and everything else is derived from the declaration: the REST route
 * (`app/api/v1/[...path]/route.ts` → `route-handler.ts`), the OpenAPI document (`openapi.ts`) and
 * the tRPC procedure `api.<group>.<name>` (`server/trpc/operation-procedures.ts`), so they cannot
 * disagree. The operation list is `api-operations.ts`.
 */
import { z } from "zod";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface OperationContext<P, Q, B> {
  organizationId: string;
  params: P;
  query: Q;
  body: B;
}

export interface Operation<
  P extends AnyObject = AnyObject,
  Q extends AnyObject = AnyObject,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
  M extends HttpMethod = HttpMethod,
> {
  id: string;
  method: M;
  /** OpenAPI-style path, e.g. `/api/v1/customers/{id}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  params: P;
  query: Q;
  /** `manifest`: the body is a manifest as text (YAML or JSON), not parsed as JSON by the handler. */
  body: { kind: "json"; schema: B } | { kind: "manifest"; schema: B } | { kind: "none"; schema: B };
  response: R;
  /** Status of a successful answer (200 unless said otherwise). */
  status: number;
  /** Accepts `Idempotency-Key`. */
  idempotent: boolean;
  run(context: OperationContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<z.input<R>>;
}

const empty = z.object({});

export function defineOperation<
  R extends z.ZodType,
  P extends AnyObject = typeof empty,
  Q extends AnyObject = typeof empty,
  B extends z.ZodType = z.ZodUndefined,
  M extends HttpMethod = HttpMethod,
>(spec: {
  id: string;
  method: M;
  path: string;
  tag: string;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  /** The body is a manifest document (YAML or JSON text). */
  manifestBody?: boolean;
  response: R;
  status?: number;
  idempotent?: boolean;
  run: (context: OperationContext<z.output<P>, z.output<Q>, z.output<B>>) => Promise<z.input<R>>;
}): Operation<P, Q, B, R, M> {
  const body = spec.body
    ? { kind: spec.manifestBody ? ("manifest" as const) : ("json" as const), schema: spec.body }
    : { kind: "none" as const, schema: z.undefined() as unknown as B };
  return {
    id: spec.id,
    method: spec.method,
    path: spec.path,
    tag: spec.tag,
    summary: spec.summary,
    description: spec.description,
    params: (spec.params ?? empty) as P,
    query: (spec.query ?? empty) as Q,
    body,
    response: spec.response,
    status: spec.status ?? 200,
    idempotent: spec.idempotent ?? false,
    run: spec.run,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: a list of operations of any shape
export type AnyOperation = Operation<any, any, any, any, HttpMethod>;

type Io = "in" | "out";
type ObjectFields<S extends AnyObject, T extends Io> = keyof S["shape"] extends never ? unknown : T extends "in" ? z.input<S> : z.output<S>;
type BodyFields<B extends z.ZodType, T extends Io> = B extends z.ZodUndefined ? unknown : T extends "in" ? z.input<B> : z.output<B>;

/**
 * An operation's input as one object — path, query and body fields side by side, as tRPC takes it
 * (`in`: as sent; `out`: as parsed). `unknown` for an operation that takes nothing.
 */
export type OperationFields<O extends AnyOperation, T extends Io> = ObjectFields<O["params"], T> &
  ObjectFields<O["query"], T> &
  BodyFields<O["body"]["schema"], T>;

function fieldNames(schema: AnyObject): string[] {
  return Object.keys(schema.shape);
}

/** The schema of an operation's input as one object; null when it takes nothing. Each part keeps its own refinements. */
export function fieldsSchema(operation: AnyOperation): z.ZodType | null {
  const parts: z.ZodType[] = [];
  if (fieldNames(operation.params).length) parts.push(operation.params);
  if (fieldNames(operation.query).length) parts.push(operation.query);
  if (operation.body.kind !== "none") parts.push(operation.body.schema);
  const names = [
    ...fieldNames(operation.params),
    ...fieldNames(operation.query),
    ...(operation.body.schema instanceof z.ZodObject ? fieldNames(operation.body.schema) : []),
  ];
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) throw new Error(`${operation.id}: "${repeated}" is both a path, query or body field; tRPC takes them as one object`);
  return parts.length ? parts.reduce((all, part) => z.intersection(all, part)) : null;
}

/** Splits parsed fields back into path, query and body (the body is whatever is neither). */
function splitFields(operation: AnyOperation, fields: Record<string, unknown> | undefined) {
  const pick = (names: string[]) => Object.fromEntries(Object.entries(fields ?? {}).filter(([name]) => names.includes(name)));
  const params = pick(fieldNames(operation.params));
  const query = pick(fieldNames(operation.query));
  const taken = new Set([...Object.keys(params), ...Object.keys(query)]);
  const body = operation.body.kind === "none" ? undefined : Object.fromEntries(Object.entries(fields ?? {}).filter(([name]) => !taken.has(name)));
  return { params, query, body };
}

/**
 * Runs an operation for an organization with its fields already parsed, and shapes the answer as
 * REST and tRPC answer it: what a tRPC procedure (`server/trpc/operation-procedures.ts`) and a
 * console procedure that is the same operation call.
 */
export async function runOperation<O extends AnyOperation>(
  operation: O,
  organizationId: string,
  fields: OperationFields<O, "out">,
): Promise<z.output<O["response"]>> {
  const parts = splitFields(operation, fields as Record<string, unknown> | undefined);
  return operation.response.parse(await operation.run({ organizationId, ...parts }));
}
