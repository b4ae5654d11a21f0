import { z } from "zod";

import type { ActionContext, Connector, ConnectorContext, DataSourcePage, PollerDefinition, PollPage } from "@/server/connectors/framework/define-connector";
import { NonRetryableError } from "@/server/engine/errors";

/** `name: expected string, received undefined; items[0].qty: too small` — names the field, as flow authors need. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path
        .map((segment) => (typeof segment === "number" ? `[${segment}]` : `.${String(segment)}`))
        .join("")
        .replace(/^\./, "");
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

// Own keys only: `Action: acme.constructor` must not find Object.prototype.constructor.
function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

export function findAction(connector: Connector, actionKey: string) {
  return own(connector.actions, actionKey);
}

/** Runs a connector action with its input and output validated; unknown actions and bad input are not retried. */
export async function runConnectorAction(connector: Connector, actionKey: string, ctx: ActionContext, input: unknown): Promise<unknown> {
  const action = findAction(connector, actionKey);
  const name = `${connector.key}.${actionKey}`;
  if (!action) {
    const known = Object.keys(connector.actions).join(", ") || "none";
    throw new NonRetryableError(`connector "${connector.key}" has no action "${actionKey}" (its actions: ${known})`);
  }
  const parsedInput = action.input.safeParse(input);
  if (!parsedInput.success) throw new NonRetryableError(`invalid input for ${name}: ${describeIssues(parsedInput.error)}`);
  const result: unknown = await action.run(ctx, parsedInput.data);
  const parsedOutput = action.output.safeParse(result);
  // The connector broke its own promise; retrying the same code will not help.
  if (!parsedOutput.success) throw new NonRetryableError(`${name} returned output that does not match its schema: ${describeIssues(parsedOutput.error)}`);
  return parsedOutput.data;
}

const dataSourcePageSchema = z.object({
  options: z.array(z.object({ value: z.string(), label: z.string() })),
  nextCursor: z.string().optional(),
});

/** Runs a data source for the wizard; its answer is checked so the wizard can trust the shape. */
export async function runDataSource(
  connector: Connector,
  sourceKey: string,
  ctx: ConnectorContext,
  query: { search?: string; cursor?: string },
): Promise<DataSourcePage> {
  const source = own(connector.dataSources, sourceKey);
  if (!source) throw new NonRetryableError(`connector "${connector.key}" has no data source "${sourceKey}"`);
  const parsed = dataSourcePageSchema.safeParse(await source.run(ctx, query));
  if (!parsed.success) throw new NonRetryableError(`${connector.key} data source ${sourceKey} answered an unexpected shape: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export function findPoller(connector: Connector, pollerKey: string): PollerDefinition | undefined {
  return own(connector.pollers, pollerKey);
}

/** The poller's params checked against its schema (defaults applied), or a message naming the field. */
export function parsePollerParams(connector: Connector, pollerKey: string, params: unknown): { params: unknown } | { problem: string } {
  const poller = findPoller(connector, pollerKey);
  if (!poller) {
    const known = Object.keys(connector.pollers ?? {}).join(", ") || "none";
    return { problem: `connector "${connector.key}" has no poller "${pollerKey}" (its pollers: ${known})` };
  }
  const parsed = poller.params.safeParse(params);
  return parsed.success ? { params: parsed.data } : { problem: `invalid params for poller ${connector.key}.${pollerKey}: ${describeIssues(parsed.error)}` };
}

const pollPageSchema = z.object({
  items: z.array(z.object({ id: z.string().min(1), data: z.unknown(), position: z.string().optional() })),
  cursor: z.string().nullable(),
  nextPage: z.string().optional(),
});

/** One page of a poll, with params already parsed by `parsePollerParams`; the answer's shape is checked. */
export async function runPollerPage(
  connector: Connector,
  pollerKey: string,
  ctx: ConnectorContext,
  request: { params: unknown; cursor: string | null; page: string | null; startAt: Date },
): Promise<PollPage> {
  const poller = findPoller(connector, pollerKey);
  if (!poller) throw new NonRetryableError(`connector "${connector.key}" has no poller "${pollerKey}"`);
  const parsed = pollPageSchema.safeParse(await poller.poll(ctx, request));
  if (!parsed.success) throw new NonRetryableError(`${connector.key} poller ${pollerKey} answered an unexpected shape: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
