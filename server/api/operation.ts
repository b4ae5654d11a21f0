/**
 * A REST operation is declared once — method, path, zod schemas for path, query, body and answer,
 * and the function it runs — and the same declaration serves the route handler and the OpenAPI
 * document, so the two cannot disagree.
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

export interface Operation<P extends AnyObject = AnyObject, Q extends AnyObject = AnyObject, B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  id: string;
  method: HttpMethod;
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
>(spec: {
  id: string;
  method: HttpMethod;
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
}): Operation<P, Q, B, R> {
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of operations of any shape
export type AnyOperation = Operation<any, any, any, any>;
