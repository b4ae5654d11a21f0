import { describe, expect, it } from "vitest";
import type { StateMachine } from "@/server/engine/definition.schema";
import { customerActions, customerFailure, customerOutcome, type RunStep } from "./customer-run";

const flow = {
  StartAt: "IsMarked",
  States: {
    IsMarked: { Type: "Choice", Choices: [{ Variable: "$.marked", BooleanEquals: true, Next: "Echo" }], Default: "Remember" },
    Remember: { Type: "Action", Action: "switchyard.setState", Next: "AddTicketComment" },
    AddTicketComment: { Type: "Action", Action: "zendesk.addComment", Next: "Done" },
    Echo: { Type: "Succeed", Comment: "written by this integration; not copied back" },
    Done: { Type: "Succeed" },
    Stop: { Type: "Fail", Error: "Custom.Stop", Cause: "the ticket is closed" },
  },
} as unknown as StateMachine;
const app = (connector: string) => ({ zendesk: "Zendesk", switchyard: "Switchyard" })[connector] ?? connector;
const step = (stateName: string, status: string, extra: Partial<RunStep> = {}): RunStep => ({ stateName, status, error: null, calls: [], ...extra });

describe("a run told in the customer's words", () => {
  it("lists what it did in other apps, leaving out the integration's bookkeeping", () => {
    const steps = [step("IsMarked", "succeeded"), step("Remember", "succeeded"), step("AddTicketComment", "succeeded"), step("Done", "succeeded")];
    const actions = customerActions(steps, flow, undefined, app);
    expect(actions).toEqual([{ label: "Zendesk: add comment", connector: "zendesk", app: "Zendesk", status: "succeeded" }]);
    expect(customerOutcome({ status: "succeeded" }, actions, steps, flow, null)).toBe("Zendesk: add comment");
  });

  it("says why there was nothing to do, in the vendor's Comment", () => {
    const steps = [step("IsMarked", "succeeded"), step("Echo", "succeeded")];
    expect(customerOutcome({ status: "succeeded" }, [], steps, flow, null)).toBe("Nothing to do: written by this integration; not copied back");
  });

  it("turns a refused API call into a plain sentence and keeps the error as its detail", () => {
    const error = { Error: "NonRetryableError", Cause: "Zendesk answered 422 Unprocessable Entity: Comment body is blank" };
    const steps = [step("IsMarked", "succeeded"), step("AddTicketComment", "failed", { error, calls: [{ status: 422 }] })];
    expect(customerFailure({ status: "failed", error }, steps, flow, undefined, app)).toEqual({
      summary: "Zendesk refused the comment (422)",
      detail: "NonRetryableError: Zendesk answered 422 Unprocessable Entity: Comment body is blank",
    });
    expect(
      customerFailure({ status: "failed", error }, [step("AddTicketComment", "failed", { error, calls: [{ status: 401 }] })], flow, undefined, app)?.summary,
    ).toMatch(/^Zendesk did not accept the connection \(401\); reconnect Zendesk/);
    expect(
      customerFailure({ status: "failed", error }, [step("AddTicketComment", "failed", { error, calls: [{ status: 503 }] })], flow, undefined, app)?.summary,
    ).toMatch(/^Zendesk had a problem of its own/);
    const missing = { Error: "NonRetryableError", Cause: "Zendesk answered 404 Not Found: ticket_not_found" };
    expect(
      customerFailure(
        { status: "failed", error: missing },
        [step("AddTicketComment", "failed", { error: missing, calls: [{ status: 404 }] })],
        flow,
        undefined,
        app,
      )?.summary,
    ).toBe("Zendesk could not find what this step asked for (ticket_not_found)");
  });

  it("uses the Fail state's cause, and a generic sentence for anything else", () => {
    const error = { Error: "Custom.Stop", Cause: "the ticket is closed" };
    expect(customerFailure({ status: "failed", error }, [step("Stop", "failed", { error })], flow, undefined, app)?.summary).toBe(
      "The integration stopped: the ticket is closed",
    );
    const runtime = { Error: "States.Runtime", Cause: "the JSONPath $.x found nothing" };
    expect(customerFailure({ status: "failed", error: runtime }, [step("IsMarked", "failed", { error: runtime })], flow, undefined, app)?.summary).toBe(
      "The integration could not process this event",
    );
    expect(customerFailure({ status: "succeeded", error: null }, [], flow, undefined, app)).toBeNull();
  });
});
