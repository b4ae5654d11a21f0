/**
 * tRPC procedures derived from the API's operations (server/api/operation.ts): the input is the
 * operation's path, query and body fields as one object, the output its response schema, and the
 * body its `run`. `api.<group>.<name>` is every operation behind an API key; a console procedure
 * that is the same operation is `consoleProcedureOf(operation)`.
 */
import type { TRPCMutationProcedure, TRPCQueryProcedure } from "@trpc/server";
import type { z } from "zod";
import type { MemberRole } from "@/server/db/generated/enums";
import { fieldsSchema, runOperation, type AnyOperation, type OperationFields } from "@/server/api/operation";
import { apiKeyProcedure, consoleProcedure, consoleProcedureFor, router } from "./init";

// biome-ignore lint/suspicious/noConfusingVoidType: tRPC reads a `void` input as "called with no argument"
type Input<O extends AnyOperation> = unknown extends OperationFields<O, "in"> ? void : OperationFields<O, "in">;
type Def<O extends AnyOperation> = { input: Input<O>; output: z.output<O["response"]>; meta: object };
/** GET operations are queries, the others mutations. */
export type ProcedureOf<O extends AnyOperation> = O["method"] extends "GET" ? TRPCQueryProcedure<Def<O>> : TRPCMutationProcedure<Def<O>>;

/** The procedure types differ only in their context; `organizationOf` reads the organization from it. */
type Base = typeof apiKeyProcedure;

function procedureOf<O extends AnyOperation>(base: Base, operation: O, organizationOf: (ctx: object) => string): ProcedureOf<O> {
  const input = fieldsSchema(operation);
  const withInput = (input ? base.input(input) : base).output(operation.response);
  // The fields were parsed by `input`, the schema of this very operation.
  const resolve = ({ ctx, input: fields }: { ctx: object; input: unknown }) =>
    runOperation(operation, organizationOf(ctx), fields as OperationFields<O, "out">);
  return (operation.method === "GET" ? withInput.query(resolve) : withInput.mutation(resolve)) as unknown as ProcedureOf<O>;
}

/** The operation behind a signed-in console member (`roles`: only those may run it). */
export function consoleProcedureOf<O extends AnyOperation>(operation: O, ...roles: MemberRole[]): ProcedureOf<O> {
  const base = roles.length ? consoleProcedureFor(...roles) : consoleProcedure;
  return procedureOf(base as unknown as Base, operation, (ctx) => (ctx as { actor: { organizationId: string } }).actor.organizationId);
}

type OperationGroups = Record<string, Record<string, AnyOperation>>;
type RouterRecordOf<G extends OperationGroups> = { [Group in keyof G]: { [Name in keyof G[Group]]: ProcedureOf<G[Group][Name]> } };

/** `api.<group>.<name>`: every operation, behind an API key of the organization. */
export function apiKeyRouterOf<G extends OperationGroups>(groups: G) {
  const organizationOf = (ctx: object) => (ctx as { key: { organizationId: string } }).key.organizationId;
  const record = Object.fromEntries(
    Object.entries(groups).map(([group, operations]) => [
      group,
      Object.fromEntries(Object.entries(operations).map(([name, operation]) => [name, procedureOf(apiKeyProcedure, operation, organizationOf)])),
    ]),
  );
  return router(record as unknown as RouterRecordOf<G>);
}
