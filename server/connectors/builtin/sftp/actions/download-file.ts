import { z } from "zod";

import { blobRefSchema, fileTooLargeError } from "@/server/connectors/framework/blobs";
import { defineAction } from "@/server/connectors/framework/define-connector";
import { NonRetryableError } from "@/server/engine/errors";
import { withSftp } from "../sftp-context";
import { baseName, sftpError } from "../sftp-session";

export const downloadFileAction = defineAction({
  description: "Downloads a file from the SFTP server and stores it; answers { file } (a file reference for parse steps, uploads or attachments).",
  readOnly: true,
  input: z.object({
    path: z.string().min(1),
    /** The stored file's name; default: the remote file's. */
    name: z.string().min(1).optional(),
    contentType: z.string().min(1).optional(),
  }),
  output: z.object({ file: blobRefSchema, path: z.string() }),
  async run(ctx, input) {
    const name = input.name ?? baseName(input.path);
    const bytes = await withSftp(ctx, async (sftp) => {
      let stats: Awaited<ReturnType<typeof sftp.stat>>;
      try {
        stats = await sftp.stat(input.path);
      } catch (error) {
        throw sftpError(error, input.path);
      }
      if (stats.isDirectory) throw new NonRetryableError(`SFTP: ${input.path} is a directory, not a file`);
      // Refuse before transferring what could not be stored anyway.
      if (stats.size > ctx.blobs.maxBytes) throw fileTooLargeError(name, stats.size, ctx.blobs.maxBytes);
      try {
        return (await sftp.get(input.path)) as Buffer;
      } catch (error) {
        throw sftpError(error, input.path);
      }
    });
    const file = await ctx.blobs.put({ name, bytes, ...(input.contentType ? { contentType: input.contentType } : {}) });
    return { file, path: input.path };
  },
});
