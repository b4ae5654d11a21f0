import { TRPCClientError } from "@trpc/client";
import { describeProblem, type InputProblem } from "@/server/input-problems";

export interface FieldProblem {
  field: string;
  message: string;
}

/** The tRPC code of a failed call (NOT_FOUND, BAD_REQUEST, …), when the server answered one. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
}

/** Asking again cannot change a refusal of the request itself (bad input, not found, not allowed). */
export function isClientError(error: unknown): boolean {
  return error instanceof TRPCClientError && ((error.data as { httpStatus?: number } | undefined)?.httpStatus ?? 500) < 500;
}

/** Each refused field of a failed call as a sentence naming it (server/input-problems.ts); empty when the input was not at fault. */
export function inputProblemSentences(error: unknown): string[] {
  if (!(error instanceof TRPCClientError)) return [];
  const issues = (error.data as { issues?: InputProblem[] } | undefined)?.issues;
  return issues?.map(describeProblem) ?? [];
}

/** What a failed call said about one field, for showing beside that field. */
export function problemFor(error: unknown, field: string): string | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data = error.data as { issues?: InputProblem[]; field?: string } | undefined;
  const issue = data?.issues?.find((candidate) => candidate.path === field);
  if (issue) return describeProblem(issue);
  return data?.field === field && !data.issues ? error.message : undefined;
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
  return query.isError && query.data?.status === "removing" && errorCode(query.error) === "NOT_FOUND";
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
