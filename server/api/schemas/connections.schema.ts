import { z } from "zod";
import { describeAuthMethods } from "@/server/connectors/framework/describe-auth";
import type { Connector } from "@/server/connectors/framework/define-connector";
import type { ConnectionSummary } from "@/server/modules/connections/connections.schema";
import { isoDate } from "./common.schema";

export const connectionSchema = z.object({
  id: z.uuid(),
  key: z.string().describe("The integration's connection key this is for (`github`); deploys link it by this key"),
  connector: z.string(),
  authKind: z.string().describe("oauth2, apiKey, basic or credentials"),
  accountLabel: z.string().nullable().describe("The connected account as the provider names it (a login, a workspace)"),
  status: z
    .enum(["active", "broken"])
    .describe(
      "broken: needs reconnecting (the provider refused its token renewal, or kept answering 401 after one); flows that use it wait until it is reconnected",
    ),
  statusReason: z.string().nullable().describe("Why it needs reconnecting"),
  brokenAt: isoDate.nullable().describe("Since when it needs reconnecting"),
  healthCheck: z
    .object({ checkedAt: isoDate, ok: z.boolean(), message: z.string().nullable() })
    .nullable()
    .describe("The connector's periodic health call (about hourly, for connectors that declare one): the last result"),
  instanceId: z.uuid().nullable().describe("The instance using it; null until a deploy links it"),
  createdAt: isoDate,
  updatedAt: isoDate,
});

export const createConnectionSchema = z.object({
  connector: z.string().min(1).max(100).describe("Connector key: github, slack, zendesk…"),
  key: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "must be letters, digits, _ or -")
    .max(100)
    .optional()
    .describe("The integration's connection key this is for; defaults to the connector key"),
  method: z.string().min(1).max(100).optional().describe("Which of the connector's credential methods (see GET /api/v1/connectors); optional when it has one"),
  credentials: z.record(z.string(), z.unknown()).describe('The method\'s fields, e.g. { "token": "ghp_…" }; never returned'),
  baseUrl: z.url().max(2000).optional().describe("The account's API URL when not the connector's default (GitHub Enterprise Server, the sandbox)"),
  instanceId: z.uuid().optional().describe("Connect (or reconnect) this instance's connection"),
  connectionId: z.uuid().optional().describe("Replace this connection's credentials in place"),
});

export const connectionParams = z.object({
  id: z.uuid({ message: "must be an id (UUID)" }),
  connectionId: z.uuid({ message: "must be an id (UUID)" }),
});

const credentialFieldSchema = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(["string", "text", "number", "boolean"]),
  secret: z.boolean(),
  optional: z.boolean(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  description: z.string().optional(),
  placeholder: z.string().optional(),
});

export const connectorSchema = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  authMethods: z.array(
    z.object({
      id: z.string().describe("Pass as `method` when creating a connection"),
      kind: z.enum(["oauth2", "apiKey", "basic", "credentials", "none", "perConnection"]),
      label: z.string().nullable(),
      description: z.string().nullable(),
      grant: z.enum(["authorization_code", "client_credentials"]).optional().describe("OAuth 2.0 methods only"),
      fields: z.array(credentialFieldSchema).describe("What `credentials` takes; empty for methods that are not typed in"),
    }),
  ),
});

export function toConnector(connector: Connector): z.input<typeof connectorSchema> {
  return { key: connector.key, name: connector.name, description: connector.description ?? null, authMethods: describeAuthMethods(connector.auth) };
}

export function toConnection(summary: ConnectionSummary): z.infer<typeof connectionSchema> {
  const { brokenAt, healthCheckedAt, healthCheckOk, healthCheckMessage, ...rest } = summary;
  return {
    ...rest,
    brokenAt: brokenAt?.toISOString() ?? null,
    healthCheck: healthCheckedAt ? { checkedAt: healthCheckedAt.toISOString(), ok: healthCheckOk ?? false, message: healthCheckMessage } : null,
    createdAt: summary.createdAt.toISOString(),
    updatedAt: summary.updatedAt.toISOString(),
  };
}
