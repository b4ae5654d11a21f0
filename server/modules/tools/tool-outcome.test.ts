import { describe, expect, it } from "vitest";

import { classifyFailure } from "./tool-outcome";

describe("tool call errors", () => {
  it("says whose problem it is: the connection's, the provider's, the time's or the flow's", () => {
    expect(classifyFailure({ Error: "States.TaskFailed", Cause: "GitHub answered 401 Unauthorized: Bad credentials" }, "action").kind).toBe("auth");
    expect(classifyFailure({ Error: "States.TaskFailed", Cause: "Slack answered chat.postMessage: invalid_auth" }, "action", 401).kind).toBe("auth");
    expect(classifyFailure({ Error: "States.TaskFailed", Cause: 'the connection "github" is broken (invalid_grant); reconnect it' }, "action").kind).toBe(
      "auth",
    );
    expect(classifyFailure({ Error: "States.TaskFailed", Cause: "Zendesk answered 422 Unprocessable Entity: Subject is blank" }, "action")).toEqual({
      kind: "provider",
      message: "Zendesk answered 422 Unprocessable Entity: Subject is blank",
    });
    expect(classifyFailure({ Error: "States.Timeout", Cause: "the action github.createIssue did not finish within 5 s" }, "action").kind).toBe("timeout");
    expect(classifyFailure({ Error: "TicketMissing", Cause: "no ticket for that issue" }, "flow")).toEqual({
      kind: "failed",
      message: "TicketMissing: no ticket for that issue",
    });
  });
});
