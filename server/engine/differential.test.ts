import { ExecutionError, StateMachine as ReferenceMachine } from "aws-local-stepfunctions";
import { describe, expect, it } from "vitest";

import { differentialCases, type DifferentialCase } from "@/server/engine/differential-cases";
import { buildExecutionContext } from "@/server/engine/step-outcome";
import { createTestDeps, runDefinition } from "@/server/engine/test-deps";

/**
 * Every case runs through our runToCompletion and through aws-local-stepfunctions (a separate
 * ASL implementation) with the same local task functions; both must agree on the output, or on
 * the error name. Waits and retry pauses are zeroed on both sides so the suite stays fast.
 */

type Outcome = { output: unknown } | { error: string };

const START = new Date("2026-01-01T00:00:00Z");

function contextFor(testCase: DifferentialCase) {
  return buildExecutionContext({ id: "arn:aws:states:us-east-1:123456789012:execution:flow:exec-1", input: testCase.input, startTime: START, name: "exec-1" });
}

function stateNames(definition: { States: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(definition.States).flatMap(([name, state]) => {
    const nested = [state.ItemProcessor, state.Iterator, ...((state.Branches as unknown[]) ?? [])].filter(Boolean) as {
      States: Record<string, Record<string, unknown>>;
    }[];
    return [name, ...nested.flatMap(stateNames)];
  });
}

async function runOurs(testCase: DifferentialCase): Promise<Outcome> {
  const deps = createTestDeps({ actions: testCase.tasks?.(), now: START });
  const result = await runDefinition(testCase.definition, testCase.input, deps, { context: contextFor(testCase) });
  return result.status === "succeeded" ? { output: result.output } : { error: result.error };
}

async function runReference(testCase: DifferentialCase): Promise<Outcome> {
  // The reference adds fields to the definition it is given (QueryLanguage), so it gets its own copy.
  // Its definition validator costs ~0.4 s per machine; our zod schema has already validated the same definition.
  const machine = new ReferenceMachine(structuredClone(testCase.definition) as never, { validationOptions: { noValidate: true } });
  const names = stateNames(testCase.definition as never);
  const zero = Object.fromEntries(names.map((name) => [name, 0]));
  const tasks = testCase.tasks?.() ?? {};
  const execution = machine.run(testCase.input as never, {
    overrides: {
      taskResourceLocalHandlers: Object.fromEntries(
        Object.entries(tasks).map(([name, task]) => [name, async (input: unknown) => (await task(input, undefined as never)) as never]),
      ),
      waitTimeOverrides: zero,
      retryIntervalOverrides: zero,
    },
    context: contextFor(testCase) as never,
  });
  try {
    return { output: await execution.result };
  } catch (error) {
    if (error instanceof ExecutionError) return { error: (error.cause as Error).name };
    throw error;
  }
}

describe("differential: our engine vs aws-local-stepfunctions", () => {
  it("has at least 60 cases with unique names", () => {
    expect(differentialCases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(differentialCases.map((testCase) => testCase.name)).size).toBe(differentialCases.length);
  });

  it.each(differentialCases.map((testCase) => [testCase.name, testCase] as const))("%s", async (_name, testCase) => {
    const [ours, reference] = await Promise.all([runOurs(testCase), runReference(testCase)]);
    if (testCase.divergence) {
      expect(ours).toEqual(testCase.divergence.expected);
      expect(reference).toEqual(testCase.divergence.reference);
    } else {
      expect(ours).toEqual(reference);
    }
  });
});
