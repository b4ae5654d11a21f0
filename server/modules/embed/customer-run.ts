/**
 * A run told in the customer's words for the embedded logs: what it did (the steps that talked to
 * another app, named by app and action: "Zendesk: create ticket"), how it ended, and when it failed,
 * a plain sentence ("Zendesk refused the comment") with the technical error kept for a folded
 * detail. State names and flow keys stay out unless the vendor shows steps (manifest
 * `customerLogs.showSteps`). Pure.
 */
import type { StateMachine, State } from "@/server/engine/definition.schema";
import type { Manifest } from "@/server/manifest/manifest.schema";

/** Connectors whose steps are the integration's own bookkeeping (remembering ids), not something the customer asked for. */
const BOOKKEEPING = new Set(["switchyard"]);

export interface RunStep {
  stateName: string;
  status: string;
  error: unknown;
  calls: { status?: number; error?: string }[];
}

export interface CustomerAction {
  label: string;
  connector: string | null;
  /** The other app's name ("Slack"), which its logo (or initials) stands for. */
  app: string | null;
  status: string;
}

export interface CustomerFailure {
  summary: string;
  /** The error as recorded (`Error: Cause`), for a folded technical detail. */
  detail: string | null;
}

const words = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase()
    .trim();

function stateOf(flow: StateMachine | undefined, name: string): State | undefined {
  return flow?.States[name];
}

/** `zendesk.addComment` → connector zendesk, action "add comment"; a manifest action by its key. */
function actionOf(
  state: State | undefined,
  manifest: Pick<Manifest, "actions" | "connections"> | undefined,
): { connector: string | null; action: string } | null {
  if (state?.Type !== "Action") return null;
  const [connector, action] = state.Action.includes(".") ? (state.Action.split(/\.(.*)/s, 2) as [string, string]) : [null, state.Action];
  if (connector) return { connector, action: words(action) };
  const declared = manifest?.actions?.[state.Action] as { connection?: string; description?: string } | undefined;
  const connectionKey = declared?.connection ?? state.Connection;
  const viaConnection = connectionKey ? manifest?.connections?.[connectionKey]?.connector : undefined;
  return { connector: viaConnection ?? null, action: declared?.description ?? words(state.Action) };
}

/** A recorded error (`{ Error, Cause }`) as one line: "Zendesk.HttpError: Zendesk answered 422 …". */
export function describeError(error: unknown): string | null {
  if (!error || typeof error !== "object") return typeof error === "string" ? error : null;
  const detail = error as { Error?: unknown; Cause?: unknown };
  const name = typeof detail.Error === "string" ? detail.Error : "Error";
  return typeof detail.Cause === "string" && detail.Cause ? `${name}: ${detail.Cause}` : name;
}

/** "add comment" → "comment"; "create ticket" → "ticket"; "find ticket by external id" → "ticket by external id". */
function objectOf(action: string): string {
  const [, ...rest] = action.split(" ");
  return rest.join(" ") || action;
}

function httpFailure(app: string, action: string, status: number | undefined, error: string): string {
  const thing = objectOf(action);
  // What the provider said, from "… answered 404 Not Found: channel_not_found".
  const said = /answered \d{3}[^:]*:\s*(.{1,80})$/s.exec(error)?.[1]?.trim();
  if (status === 401 || status === 403) return `${app} did not accept the connection (${status}); reconnect ${app} in the integration's settings`;
  if (status === 404) return `${app} could not find what this step asked for${said ? ` (${said})` : ""}`;
  if (status === 429) return `${app} asked to slow down: too many requests`;
  if (status !== undefined && status >= 500) return `${app} had a problem of its own (${status}); it may work again later`;
  if (status !== undefined && status >= 400) return `${app} refused the ${thing} (${status})`;
  if (/timed? ?out|Timeout/i.test(error)) return `${app} did not answer in time`;
  if (/connection|not connected|credentials|reconnect/i.test(error)) return `The ${app} connection needs attention: ${error.replace(/^[\w.]+:\s*/, "")}`;
  return `${app} could not ${action}`;
}

export function customerActions(
  steps: RunStep[],
  flow: StateMachine | undefined,
  manifest: Pick<Manifest, "actions" | "connections"> | undefined,
  appName: (connector: string) => string,
): CustomerAction[] {
  const actions: CustomerAction[] = [];
  for (const step of steps) {
    const action = actionOf(stateOf(flow, step.stateName), manifest);
    if (!action || (action.connector && BOOKKEEPING.has(action.connector))) continue;
    const label = `${action.connector ? `${appName(action.connector)}: ` : ""}${action.action}`;
    const last = actions.at(-1);
    // A retried step is one thing the customer asked for.
    if (last && last.label === label && last.status === "failed") actions.pop();
    actions.push({ label, connector: action.connector, app: action.connector ? appName(action.connector) : null, status: step.status });
  }
  return actions;
}

export function customerFailure(
  execution: { status: string; error: unknown },
  steps: RunStep[],
  flow: StateMachine | undefined,
  manifest: Pick<Manifest, "actions" | "connections"> | undefined,
  appName: (connector: string) => string,
): CustomerFailure | null {
  if (execution.status !== "failed") return null;
  const detail = describeError(execution.error);
  const failed = steps.filter((step) => step.status === "failed").at(-1);
  const state = failed ? stateOf(flow, failed.stateName) : undefined;
  if (state?.Type === "Fail") {
    const said = state.Cause ?? (state.Error && !state.Error.includes(".") ? state.Error : null);
    return { summary: said ? `The integration stopped: ${said}` : "The integration stopped this run", detail };
  }
  const action = actionOf(state, manifest);
  if (action?.connector && !BOOKKEEPING.has(action.connector)) {
    const status = failed!.calls.filter((call) => call.status !== undefined).at(-1)?.status;
    return {
      summary: httpFailure(appName(action.connector), action.action, status, describeError(failed!.error) ?? detail ?? ""),
      detail: describeError(failed!.error) ?? detail,
    };
  }
  if (/Timeout/.test(detail ?? "")) return { summary: "The run took too long and was stopped", detail };
  return { summary: "The integration could not process this event", detail };
}

/** How a run ended, in a few words: what it did, or why there was nothing to do. */
export function customerOutcome(
  execution: { status: string },
  actions: CustomerAction[],
  steps: RunStep[],
  flow: StateMachine | undefined,
  failure: CustomerFailure | null,
): string {
  if (failure) return failure.summary;
  if (execution.status === "queued") return "Waiting to start";
  if (execution.status === "running") return "Running";
  if (execution.status === "waiting") return "Waiting for something to happen";
  if (execution.status === "cancelled") return "Cancelled";
  const done = actions.filter((action) => action.status === "succeeded");
  if (done.length) return done.map((action) => action.label).join(", ");
  const last = steps.at(-1);
  const comment = last ? stateOf(flow, last.stateName)?.Comment : undefined;
  return comment ? `Nothing to do: ${comment}` : "Nothing to do for this event";
}
