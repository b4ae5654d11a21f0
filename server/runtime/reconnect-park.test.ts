import { describe, expect, it } from "vitest";
import { ReconnectRequiredError } from "@/server/engine/errors";
import { runState } from "@/server/engine/run-state";
import { buildExecutionContext } from "@/server/engine/step-outcome";
import { createTestDeps, parseMachine } from "@/server/engine/test-deps";
import { transitionFor, type ExecutionCheckpoint } from "./checkpoint";

const machine = parseMachine({
  StartAt: "Create",
  States: {
    Create: {
      Type: "Action",
      Action: "zendesk.createTicket",
      Connection: "zendesk",
      Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 5 }],
      Catch: [{ ErrorEquals: ["States.ALL"], Next: "Failed" }],
      End: true,
    },
    Fan: {
      Type: "Map",
      ItemProcessor: { StartAt: "Post", States: { Post: { Type: "Action", Action: "slack.postMessage", Connection: "slack", End: true } } },
      End: true,
    },
    Failed: { Type: "Fail", Error: "Gave up" },
  },
});

function checkpointAt(state: string, retryCount = 0): ExecutionCheckpoint {
  const now = new Date("2026-01-01T00:00:00Z");
  return {
    executionId: "exec-1",
    machine,
    context: buildExecutionContext({ id: "exec-1", input: {}, startTime: now }),
    currentState: state,
    currentInput: [1, 2],
    retryCount,
    stateEnteredAt: now,
    stateVisits: { [state]: 1 },
    stepsCommitted: 3,
    waitFor: null,
  };
}

describe("a connection that needs reconnecting parks the execution", () => {
  it("past the state's Retry and Catch, on the same state and attempt, with no wake-up time", async () => {
    const deps = createTestDeps({
      actions: {
        Create: () => {
          throw new ReconnectRequiredError("zendesk", "Zendesk no longer accepts this connection's refresh token (invalid_grant)");
        },
      },
    });
    const checkpoint = checkpointAt("Create", 2);
    const outcome = await runState({ machine, stateName: "Create", input: {}, context: checkpoint.context, retryCount: 2, deps });
    expect(outcome).toEqual({
      kind: "waitForReconnect",
      connection: "zendesk",
      reason: "Zendesk no longer accepts this connection's refresh token (invalid_grant)",
    });
    expect(deps.calls).toHaveLength(1);

    const decided = transitionFor(outcome, checkpoint, deps.now());
    expect(decided.status).toBe("waiting");
    expect(decided.error?.Error).toBe("Switchyard.ReconnectRequired");
    expect(decided.transition).toMatchObject({
      kind: "park",
      state: "Create",
      until: null,
      retryCount: 2,
      sameState: true,
      waitFor: { kind: "reconnect", connection: "zendesk" },
    });
  });

  it("a Map whose branch meets it parks as a whole", async () => {
    const deps = createTestDeps({
      actions: {
        Post: () => {
          throw new ReconnectRequiredError("slack", "Slack answered chat.postMessage: invalid_auth, also after its access token was renewed");
        },
      },
    });
    const checkpoint = checkpointAt("Fan");
    const outcome = await runState({ machine, stateName: "Fan", input: [1, 2], context: checkpoint.context, deps });
    expect(outcome).toMatchObject({ kind: "waitForReconnect", connection: "slack" });
  });

  it("is still a NonRetryableError for callers outside an execution", () => {
    const error = new ReconnectRequiredError("github", "GitHub answered 401 Unauthorized");
    expect(error.message).toBe('the connection "github" needs reconnecting (GitHub answered 401 Unauthorized); reconnect it');
    expect(error.name).toBe("ReconnectRequiredError");
  });
});
