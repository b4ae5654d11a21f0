import { TRPCClientError } from "@trpc/client";

export interface FieldProblem {
  field: string;
  message: string;
}

export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) return error.message;
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}

/**
 * An instance query last seen `removing` (answered so, or marked so by `markRemoving` when the
 * remove was accepted) that now answers not found: its remove flows succeeded and it was deleted.
 * (The query keeps its last data when a refetch fails.)
 */
export function removedSinceLastSeen(query: { isError: boolean; error: unknown; data?: { status: string } }): boolean {
  return query.isError && query.data?.status === "removing" && query.error instanceof TRPCClientError && (query.error.data as { code?: string } | undefined)?.code === "NOT_FOUND";
}

/**
 * Field problems from a refused save: the server's ConfigInvalidError message is
 * "<field> <message>; <field> <message>" with the first field in data.field.
 */
export function fieldProblems(error: unknown, knownFields: string[]): FieldProblem[] {
  if (!(error instanceof TRPCClientError)) return [];
  const problems: FieldProblem[] = [];
  for (const part of error.message.split("; ")) {
    const field = knownFields.filter((key) => part.startsWith(`${key} `)).sort((a, b) => b.length - a.length)[0];
    if (field) problems.push({ field, message: part.slice(field.length + 1) });
  }
  return problems;
}
