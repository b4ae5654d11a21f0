import { createHash } from "node:crypto";

import { z } from "zod";

import { blobRefSchema } from "@/server/connectors/framework/blobs";
import { defineAction } from "@/server/connectors/framework/define-connector";
import { NonRetryableError } from "@/server/engine/errors";
import { smtpCredentials } from "../smtp-credentials";
import { sendSmtpMessage } from "../smtp-transport";

const addressList = z.union([z.string().min(3), z.array(z.string().min(3)).min(1)]);

const attachmentSchema = z.union([blobRefSchema, z.object({ file: blobRefSchema, name: z.string().min(1).optional() })]);

const sendEmailInputSchema = z
  .object({
    /** Default: the connection's default sender. */
    from: z.string().min(3).optional(),
    to: addressList,
    cc: addressList.optional(),
    bcc: addressList.optional(),
    replyTo: z.string().min(3).optional(),
    subject: z.string(),
    text: z.string().optional(),
    html: z.string().optional(),
    /** Stored files (`{ $blob }` references, e.g. a built CSV), optionally renamed. */
    attachments: z.array(attachmentSchema).max(50).default([]),
  })
  .refine((input) => input.text !== undefined || input.html !== undefined || input.attachments.length > 0, {
    error: "give text, html or at least one attachment",
    path: ["text"],
  });

export const sendEmailAction = defineAction({
  description: "Sends an email over SMTP, with stored files as attachments; answers { messageId, accepted, rejected }.",
  readOnly: false,
  input: sendEmailInputSchema,
  output: z.object({ messageId: z.string(), accepted: z.array(z.string()), rejected: z.array(z.string()) }),
  async run(ctx, input) {
    const credentials = smtpCredentials(ctx.connection?.credentials);
    const from = input.from ?? credentials.from;
    if (!from) throw new NonRetryableError("email.sendEmail needs a `from` address: give one, or set the connection's default sender");
    const attachments = await Promise.all(
      input.attachments.map(async (attachment) => {
        const ref = "file" in attachment ? attachment.file : attachment;
        const stored = await ctx.blobs.read(ref);
        const name = "file" in attachment && attachment.name ? attachment.name : stored.ref.name;
        return { filename: name, content: stored.bytes, contentType: stored.ref.contentType };
      }),
    );
    // The same Message-ID on a retry of this step, so a receiving system can drop a duplicate.
    const messageId = `<${createHash("sha256").update(ctx.idempotencyKey).digest("hex").slice(0, 32)}@switchyard>`;
    return sendSmtpMessage(
      credentials,
      {
        from,
        to: input.to,
        ...(input.cc ? { cc: input.cc } : {}),
        ...(input.bcc ? { bcc: input.bcc } : {}),
        ...(input.replyTo ? { replyTo: input.replyTo } : {}),
        subject: input.subject,
        ...(input.text !== undefined ? { text: input.text } : {}),
        ...(input.html !== undefined ? { html: input.html } : {}),
        attachments,
        messageId,
      },
      { network: ctx.network, signal: ctx.signal },
    );
  },
});
