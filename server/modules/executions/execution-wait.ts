/**
 * Why an unfinished execution is not running, in a sentence for the console and the customer's
 * logs: its turn in a throttled or fifo flow's queue, a connection's rate budget or the provider's
 * pause, a timer, a retry or an event. Null when it is running, finished, or simply queued for a
 * worker.
 */
import { findExecutionWaitFacts, type ExecutionWaitFacts } from "./execution-wait.repo";

function at(date: Date | null): string {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, "Z") : "an unknown time";
}

function executions(n: number): string {
  return n === 1 ? "1 execution" : `${n} executions`;
}

export function describeWait(facts: ExecutionWaitFacts): string | null {
  if (facts.status === "queued" && facts.ahead !== null && facts.concurrency_key !== null) {
    const limit = facts.concurrency_limit ?? 1;
    const queue = facts.concurrency_key.includes("#")
      ? "events with the same key run one at a time, in arrival order"
      : limit === 1
        ? "this flow runs one execution at a time for this instance, in arrival order"
        : `this flow runs at most ${limit} executions at a time for this instance`;
    return `Waiting for its turn: ${queue}; ${executions(facts.ahead)} of the same queue ${facts.ahead === 1 ? "goes" : "go"} first.`;
  }
  if (facts.status !== "waiting") return null;
  const wait = (facts.wait_for ?? {}) as { kind?: string; reason?: string };
  switch (wait.kind) {
    case "budget":
      return `Waiting until ${at(facts.wait_until)}: ${wait.reason ?? "the connection's rate budget is spent"}. It holds no worker meanwhile.`;
    case "retry":
      return `Waiting to retry the state at ${at(facts.wait_until)}.`;
    case "timer":
      return `Waiting until ${at(facts.wait_until)} (a Wait state).`;
    case "event":
      return facts.wait_until ? `Waiting for a matching event until ${at(facts.wait_until)}.` : "Waiting for a matching event.";
    default:
      return null;
  }
}

export async function executionWait(organizationId: string, executionId: string): Promise<string | null> {
  const facts = await findExecutionWaitFacts(organizationId, executionId);
  return facts ? describeWait(facts) : null;
}
