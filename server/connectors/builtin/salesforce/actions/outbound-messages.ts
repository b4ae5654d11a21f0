/**
 * Outbound message definitions through the Tooling API's WorkflowOutboundMessage — what an admin
 * makes on Setup → Outbound Messages: which object, which fields, which endpoint. Deploy flows
 * point one at the instance's endpoint; remove flows delete their own and no one else's.
 */
import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";
import { isHttpError } from "@/server/connectors/http/http-errors";
import { dataPath, outboundMessageSchema, recordIdSchema, saveResultSchema, sobjectSchema, soqlString } from "../salesforce.schema";

const TOOLING = "/tooling/sobjects/WorkflowOutboundMessage";

const definitionSchema = z.object({
  Id: z.string(),
  Name: z.string(),
  EntityDefinitionId: z.string(),
  Metadata: z.object({ endpointUrl: z.string(), fields: z.array(z.string()) }),
});

function toOutboundMessage(row: z.infer<typeof definitionSchema>): z.infer<typeof outboundMessageSchema> {
  return { id: row.Id, name: row.Name, sobject: row.EntityDefinitionId, endpointUrl: row.Metadata.endpointUrl, fields: row.Metadata.fields };
}

/** Salesforce's developer names: a letter first, letters, digits and single underscores, at most 40 characters. */
export function developerName(text: string): string {
  const name = text
    .replace(/[^A-Za-z0-9_]/g, "_")
    .replace(/_+/g, "_")
    .replace(/^[^A-Za-z]+/, "")
    .slice(0, 40)
    .replace(/_+$/, "");
  return name || "Outbound_Message";
}

export const createOutboundMessage = defineAction({
  readOnly: false,
  description:
    "Creates an outbound message: when a record of `sobject` is created or changed, Salesforce posts the chosen fields to `endpointUrl` (a SOAP notifications envelope) until it is acknowledged.",
  input: z.object({
    sobject: sobjectSchema,
    /** Made a developer name (unique per object): other characters become underscores, at most 40 characters. */
    name: z.string().min(1).max(200),
    endpointUrl: z.url(),
    fields: z.array(z.string().min(1)).min(1),
    description: z.string().max(1000).optional(),
  }),
  output: outboundMessageSchema,
  async run(ctx, input) {
    // Salesforce sends the message as a user; the connection's own is the natural one.
    const me = z.object({ preferred_username: z.string() }).parse((await ctx.http.get("/services/oauth2/userinfo")).body);
    const name = developerName(input.name);
    const response = await ctx.http.post(dataPath(TOOLING), {
      FullName: `${input.sobject}.${name}`,
      Metadata: {
        name,
        endpointUrl: input.endpointUrl,
        fields: input.fields,
        includeSessionId: false,
        integrationUser: me.preferred_username,
        apiVersion: 60.0,
        protected: false,
        useDeadLetterQueue: false,
        ...(input.description ? { description: input.description } : {}),
      },
    });
    const { id } = saveResultSchema.parse(response.body);
    const fields = input.fields.includes("Id") ? input.fields : ["Id", ...input.fields];
    return { id, name, sobject: input.sobject, endpointUrl: input.endpointUrl, fields };
  },
});

export const listOutboundMessages = defineAction({
  readOnly: true,
  description: "Lists the org's outbound messages (of one object when `sobject` is given) with their endpoint URLs and fields.",
  input: z.object({ sobject: sobjectSchema.optional() }),
  output: z.object({ messages: z.array(outboundMessageSchema) }),
  async run(ctx, input) {
    const where = input.sobject ? ` WHERE EntityDefinitionId = ${soqlString(input.sobject)}` : "";
    const listed = z
      .object({ records: z.array(z.object({ Id: z.string() })) })
      .parse(
        (await ctx.http.get(dataPath("/tooling/query"), { query: { q: `SELECT Id, Name, EntityDefinitionId FROM WorkflowOutboundMessage${where}` } })).body,
      );
    // The Tooling API answers Metadata (endpoint URL, fields) one definition at a time.
    const messages = [];
    for (const { Id } of listed.records) messages.push(toOutboundMessage(definitionSchema.parse((await ctx.http.get(dataPath(`${TOOLING}/${Id}`))).body)));
    return { messages };
  },
});

export const deleteOutboundMessage = defineAction({
  readOnly: false,
  destructive: true,
  description: "Deletes an outbound message; answers deleted: false when it was already gone.",
  input: z.object({ id: recordIdSchema }),
  output: z.object({ id: z.string(), deleted: z.boolean() }),
  async run(ctx, input) {
    try {
      await ctx.http.delete(dataPath(`${TOOLING}/${input.id}`));
      return { id: input.id, deleted: true };
    } catch (error) {
      if (isHttpError(error) && error.status === 404) return { id: input.id, deleted: false };
      throw error;
    }
  },
});
