/**
 * Output shapes of the embed procedures. Every embed procedure declares one, so nothing the
 * database holds (secrets, credentials, other tenants' ids) reaches the frame by accident.
 */
import { z } from "zod";

export const instanceStatusSchema = z.enum(["configuring", "deploying", "active", "paused", "failed", "removing", "removed"]);
export const executionStatusSchema = z.enum(["queued", "running", "waiting", "succeeded", "failed", "cancelled"]);

const optionValueSchema = z.union([z.string(), z.number(), z.boolean()]);

/** A manifest config field as the wizard renders it (manifests hold no secret values). */
export const configFieldOutputSchema = z.object({
  key: z.string(),
  type: z.string(),
  label: z.string().optional(),
  description: z.string().optional(),
  required: z.boolean().optional(),
  placeholder: z.string().optional(),
  connection: z.string().optional(),
  generate: z.boolean().optional(),
  options: z.array(z.union([optionValueSchema, z.object({ value: optionValueSchema, label: z.string().optional() })])).optional(),
  dataSource: z.object({ connector: z.string(), source: z.string(), connection: z.string() }).optional(),
  default: z.unknown().optional(),
  validation: z
    .object({
      min: z.number().optional(),
      max: z.number().optional(),
      pattern: z.string().optional(),
      integer: z.boolean().optional(),
      message: z.string().optional(),
    })
    .optional(),
});

export const configPageOutputSchema = z.object({ title: z.string(), description: z.string().optional(), fields: z.array(configFieldOutputSchema) });

/** A logo (server/modules/icons): a Simple Icons brand or the vendor's image; null draws initials. */
export const iconSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("image"), src: z.string() }),
    z.object({ kind: z.literal("brand"), title: z.string(), path: z.string(), color: z.string() }),
  ])
  .nullable();

export const connectionStateSchema = z.object({
  key: z.string(),
  connector: z.string(),
  label: z.string(),
  required: z.boolean(),
  icon: iconSchema,
  /** Whether the connector signs in through an OAuth popup; without it only typed-in credentials connect (SFTP, email). */
  signIn: z.boolean(),
  /** Methods that take typed-in credentials (a token): the wizard offers them beside OAuth sign-in. */
  tokenMethods: z.array(
    z.object({
      id: z.string(),
      label: z.string().nullable(),
      description: z.string().nullable(),
      fields: z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          type: z.enum(["string", "text", "number", "boolean"]),
          secret: z.boolean(),
          optional: z.boolean(),
          placeholder: z.string().optional(),
          description: z.string().optional(),
        }),
      ),
    }),
  ),
  connection: z
    .object({ id: z.string(), accountLabel: z.string().nullable(), status: z.enum(["active", "broken"]), statusReason: z.string().nullable() })
    .nullable(),
});

export const integrationRefSchema = z.object({ key: z.string(), name: z.string(), icon: iconSchema });

export const problemSchema = z.object({ field: z.string(), message: z.string() });

export const lifecycleRunSchema = z.object({
  id: z.string(),
  flowKey: z.string(),
  trigger: z.string(),
  status: executionStatusSchema,
  error: z.string().nullable(),
  createdAt: z.date(),
  stepRuns: z.array(z.object({ stateName: z.string(), status: z.string() })),
});

export const instanceChangeSchema = z.object({ instanceId: z.string(), integrationKey: z.string(), version: z.number().optional() });

const pointSchema = z.object({ x: z.number(), y: z.number() });

/** A flow laid out for drawing (server/modules/flow-graph), with the path one run took. */
export const flowGraphSchema = z.object({
  width: z.number(),
  height: z.number(),
  nodes: z.array(
    z.object({
      name: z.string(),
      type: z.string(),
      detail: z.string(),
      lines: z.array(z.string()),
      x: z.number(),
      y: z.number(),
      width: z.number(),
      height: z.number(),
      visited: z.boolean(),
      failed: z.boolean(),
      visits: z.number(),
    }),
  ),
  edges: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      kind: z.enum(["next", "choice", "default", "catch"]),
      label: z.string().nullable(),
      title: z.string(),
      points: z.array(pointSchema),
      labelBox: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }).nullable(),
      taken: z.boolean(),
    }),
  ),
});

export const httpCallSchema = z.object({
  method: z.string(),
  url: z.string(),
  status: z.number().optional(),
  durationMs: z.number(),
  attempt: z.number(),
  requestHeaders: z.record(z.string(), z.string()),
  requestBody: z.string().optional(),
  responseHeaders: z.record(z.string(), z.string()).optional(),
  responseBody: z.string().optional(),
  error: z.string().optional(),
});

export const idSchema = z.string().uuid({ message: "must be an id" });

/** The wizard's state: shared by the embedded wizard and the console's (deploying for a customer). */
export const wizardStateSchema = z.object({
  instanceId: z.string(),
  status: instanceStatusSchema,
  statusReason: z.string().nullable(),
  integration: integrationRefSchema,
  version: z.number(),
  pages: z.array(configPageOutputSchema),
  connections: z.array(connectionStateSchema),
  values: z.record(z.string(), z.unknown()),
  secretsSet: z.array(z.string()),
  page: z.number(),
});

export const wizardValuesSchema = z.record(z.string(), z.unknown());
export const savePageInputSchema = z.object({ instanceId: idSchema, page: z.number().int().min(0), values: wizardValuesSchema, validate: z.boolean() });
export const savePageOutputSchema = z.object({ page: z.number(), problems: z.array(problemSchema) });
export const dataSourceInputSchema = z.object({
  instanceId: idSchema,
  fieldKey: z.string().min(1),
  search: z.string().max(200).optional(),
  cursor: z.string().max(2000).optional(),
});
export const dataSourceOutputSchema = z.object({ options: z.array(z.object({ value: z.string(), label: z.string() })), nextCursor: z.string().optional() });
export const linkConnectionInputSchema = z.object({ instanceId: idSchema, connectionKey: z.string().min(1), connectionId: idSchema });
export const deployInputSchema = z.object({ instanceId: idSchema, values: wizardValuesSchema });
export const deployOutputSchema = z.object({
  instanceId: z.string(),
  status: z.enum(["deploying", "active"]),
  integrationKey: z.string(),
  version: z.number(),
});

/** An instance as its page shows it: configuration (no secrets), connections, flows, deploy runs, upgrade. */
/** A webhook endpoint with its verification status and latest deliveries (the instance pages). */
export const endpointStatusSchema = z.object({
  id: z.string(),
  flowKey: z.string().nullable(),
  /** The flow's name, or null for an endpoint that dispatches to every flow. */
  flowName: z.string().nullable(),
  url: z.string(),
  status: z.enum(["unverified", "verified"]),
  verifiedAt: z.date().nullable(),
  lastAcceptedAt: z.date().nullable(),
  lastRejectedAt: z.date().nullable(),
  lastRejectionReason: z.string().nullable(),
});

export const instanceOverviewSchema = z.object({
  id: z.string(),
  status: instanceStatusSchema,
  statusReason: z.string().nullable(),
  integration: integrationRefSchema,
  version: z.number(),
  deployedAt: z.date().nullable(),
  /** When the current version went live (the first deploy, then each upgrade). */
  versionActivatedAt: z.date().nullable(),
  createdAt: z.date(),
  values: z.record(z.string(), z.unknown()),
  secretsSet: z.array(z.string()),
  pages: z.array(configPageOutputSchema),
  connections: z.array(connectionStateSchema),
  flows: z.array(z.object({ key: z.string(), name: z.string(), trigger: z.string() })),
  lifecycle: z.array(lifecycleRunSchema),
  upgrade: z.object({ version: z.number(), releaseNotes: z.string().nullable(), newFields: z.array(configFieldOutputSchema) }).nullable(),
  endpoints: z.array(endpointStatusSchema),
});
