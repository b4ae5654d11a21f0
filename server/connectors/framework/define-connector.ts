import type { z } from "zod";

import { authProblems, type ConnectorAuth } from "@/server/connectors/framework/auth";
import type { BlobStore } from "@/server/connectors/framework/blobs";
import type { CredentialValues } from "@/server/connectors/framework/credential-fields";
import type { RateBudget } from "@/server/connectors/framework/rate-budget";
import type { NetworkPolicy } from "@/server/connectors/http/network-policy";
import type { HttpClient } from "@/server/connectors/http/http-client";
import type { Logger } from "@/server/logger";

/** Per-instance key/value storage that survives between executions (cursors, webhook ids, caches). */
export interface InstanceState {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Everything connector code may touch. There is deliberately no database, config or env here. */
export interface ConnectorContext {
  /** Base URL and the connection's credentials already applied; guarded and recorded. */
  http: HttpClient;
  /**
   * The manifest connection in use. `credentials` holds the decrypted values of a connection made
   * with a `credentials` auth method (host, username, password…), for connectors that do not speak
   * HTTP (SFTP, SMTP); other kinds are applied by `http` and not exposed.
   */
  connection: { key: string; accountLabel?: string; method?: string; credentials?: CredentialValues } | null;
  /** The organization's allow-list; a non-HTTP connector checks its host with `checkHostDestination` before connecting. */
  network: NetworkPolicy;
  state: InstanceState;
  /** Files of this execution (`{ $blob }` references); outside an execution every call fails. */
  blobs: BlobStore;
  log: Logger;
  /** Aborted when the step times out or the execution is cancelled. */
  signal: AbortSignal;
}

export interface ActionContext extends ConnectorContext {
  /** Stable across a crash-and-resume of the same attempt; pass it to APIs that deduplicate. */
  idempotencyKey: string;
}

export interface ActionDefinition<Input extends z.ZodType = z.ZodType, Output extends z.ZodType = z.ZodType> {
  description: string;
  /**
   * True when the action only reads (lists, gets, searches) and changes nothing at the provider.
   * A manifest's `tools` wildcard (`github.*`) exposes only these; an action that changes data is
   * exposed only when listed by name. Also the MCP `readOnlyHint`.
   */
  readOnly: boolean;
  /**
   * For actions that change data: true when the change deletes or overwrites what was there
   * (delete, update, overwrite a file), false (the default) when it only adds. The MCP `destructiveHint`.
   */
  destructive?: boolean;
  /** Parsed before `run`: a mismatch fails the step without retrying, naming the field. */
  input: Input;
  /** Parsed after `run`, so flows can rely on the shape a connector promises. */
  output: Output;
  run(ctx: ActionContext, input: z.output<Input>): Promise<z.input<Output>>;
}

export interface DataSourceOption {
  value: string;
  label: string;
}

export interface DataSourcePage {
  options: DataSourceOption[];
  /** Present when there are more options; passed back as `cursor`. */
  nextCursor?: string;
}

/** Feeds a `select` config field in the wizard (repositories, projects, channels…). */
export interface DataSourceDefinition {
  description: string;
  run(ctx: ConnectorContext, query: { search?: string; cursor?: string }): Promise<DataSourcePage>;
}

/** Registering and removing the provider-side webhooks that feed an instance's endpoints. */
export interface WebhookLifecycle {
  create(ctx: ConnectorContext, subscription: { url: string; secret: string; events: string[] }): Promise<{ id: string }>;
  list(ctx: ConnectorContext): Promise<Array<{ id: string; url: string }>>;
  delete(ctx: ConnectorContext, id: string): Promise<void>;
}

/** One change a poller found. */
export interface PolledItem {
  /**
   * Names this change among all the poller ever returns: one execution per id, ever. Pollers that
   * report updates include the version (`42@2026-11-23T10:00:00Z`) so a later update is new again.
   */
  id: string;
  /** What the flow receives as `$.item`. */
  data: unknown;
  /** The item's place in an inclusive cursor (its updated-at time): items at the saved cursor are remembered so they are not started again. */
  position?: string;
}

export interface PollPage {
  items: PolledItem[];
  /** Where the next poll resumes once this page is processed; null keeps the cursor it started from. */
  cursor: string | null;
  /** More of this answer: passed back as `page`. Absent on the last page. */
  nextPage?: string;
}

export interface PollRequest<Params> {
  params: Params;
  /** Saved after the previous poll; null on the first one. */
  cursor: string | null;
  /** Null for the first page of a poll, else a previous page's `nextPage`. */
  page: string | null;
  /** When polling began for this flow: the first poll asks for changes from then on. */
  startAt: Date;
}

/**
 * A polling trigger: "what is new since my cursor?" for apps without webhooks. The platform calls
 * `poll` on the flow's schedule, follows `nextPage`, starts one execution per new item (or batch)
 * and saves the cursor in the same transaction; the poller itself keeps no state.
 */
export interface PollerDefinition<Params extends z.ZodType = z.ZodType> {
  description: string;
  /** The trigger's `params`, parsed before each poll: a mismatch is reported naming the field. */
  params: Params;
  poll(ctx: ConnectorContext, request: PollRequest<z.output<Params>>): Promise<PollPage>;
}

export interface Connector {
  key: string;
  name: string;
  description?: string;
  /** Its logo: a Simple Icons brand name, an https URL or a path on this server; the connector key names the brand when unset. */
  icon?: string;
  /** One auth method, or several a connection can be made with (OAuth, an API token…). */
  auth: ConnectorAuth;
  /** Where `ctx.http` paths are relative to; a connection's own base URL (a Zendesk subdomain) wins. */
  baseUrl?: string;
  /**
   * The provider's usual request limit per account: every flow using one connection shares it
   * (rate-budget.ts). A manifest's connection may set the account's own.
   */
  rateLimit?: RateBudget;
  // biome-ignore lint/suspicious/noExplicitAny: each action keeps its own precise input/output types inside its definition, and a record of differently-typed actions cannot be expressed without it.
  actions: Record<string, ActionDefinition<any, any>>;
  dataSources?: Record<string, DataSourceDefinition>;
  webhooks?: WebhookLifecycle;
  // biome-ignore lint/suspicious/noExplicitAny: for the same reason as `actions`.
  pollers?: Record<string, PollerDefinition<any>>;
  /**
   * A cheap call that proves a connection still works (who am I, auth.test). When declared, the
   * worker runs it for active connections about once an hour and the console shows the last
   * result; a 401 that survives a token renewal marks the connection as needing reconnecting.
   */
  healthCheck?: HealthCheckDefinition;
}

export interface HealthCheckDefinition {
  description: string;
  /** Resolves when the provider accepted the call; throws (the HTTP client's errors) otherwise. */
  run(ctx: ConnectorContext): Promise<void>;
}

const CONNECTOR_KEY = /^[a-z][a-z0-9-]*$/;
// No dots: `Action: acme.createWidget` splits at the first dot.
const MEMBER_KEY = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Declares an action; the generics carry the zod types into `run`. */
export function defineAction<Input extends z.ZodType, Output extends z.ZodType>(definition: ActionDefinition<Input, Output>): ActionDefinition<Input, Output> {
  return definition;
}

export function defineDataSource(definition: DataSourceDefinition): DataSourceDefinition {
  return definition;
}

/** Declares a poller; the generic carries the params schema into `poll`. */
export function definePoller<Params extends z.ZodType>(definition: PollerDefinition<Params>): PollerDefinition<Params> {
  return definition;
}

export function defineWebhooks(lifecycle: WebhookLifecycle): WebhookLifecycle {
  return lifecycle;
}

/**
 * Declares a connector. Mistakes in the declaration throw when the module loads, so a broken
 * connector fails the build and the tests rather than a customer's execution.
 */
export function defineConnector<const T extends Connector>(connector: T): T {
  const problems: string[] = [];
  if (!CONNECTOR_KEY.test(connector.key)) problems.push(`key "${connector.key}" must be lowercase letters, digits and dashes`);
  for (const [kind, members] of [
    ["action", connector.actions],
    ["data source", connector.dataSources ?? {}],
    ["poller", connector.pollers ?? {}],
  ] as const) {
    for (const key of Object.keys(members)) if (!MEMBER_KEY.test(key)) problems.push(`${kind} key "${key}" must be letters, digits, _ or - (no dots)`);
  }
  if (connector.baseUrl !== undefined && !URL.canParse(connector.baseUrl)) problems.push(`baseUrl "${connector.baseUrl}" is not an absolute URL`);
  if (connector.rateLimit && !(Number.isInteger(connector.rateLimit.requests) && connector.rateLimit.requests > 0))
    problems.push("rateLimit.requests must be a positive whole number");
  problems.push(...authProblems(connector.auth));
  if (problems.length > 0) throw new Error(`connector "${connector.key}" is invalid: ${problems.join("; ")}`);
  return connector;
}
