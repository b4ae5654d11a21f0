import { z } from "zod";

import { blobRefSchema } from "@/server/connectors/framework/blobs";
import { defineAction } from "@/server/connectors/framework/define-connector";
import { NonRetryableError } from "@/server/engine/errors";
import { withSftp } from "../sftp-context";
import { ensureDirectory, joinPath, parentOf, sftpError } from "../sftp-session";

export const uploadFileAction = defineAction({
  description: "Uploads a stored file to the SFTP server. A `path` ending in / is a folder: the file keeps its name there.",
  // Replaces a file already at that path.
  readOnly: false,
  destructive: true,
  input: z.object({
    file: blobRefSchema,
    path: z.string().min(1),
    /** Replace a file already at the path; otherwise that is an error. */
    overwrite: z.boolean().default(false),
    createDirectories: z.boolean().default(true),
  }),
  output: z.object({ path: z.string(), size: z.number().int() }),
  async run(ctx, input) {
    const stored = await ctx.blobs.read(input.file);
    const path = input.path.endsWith("/") ? joinPath(input.path, stored.ref.name) : input.path;
    await withSftp(ctx, async (sftp) => {
      try {
        const existing = await sftp.exists(path);
        if (existing === "d") throw new NonRetryableError(`SFTP: ${path} is a directory; end the path with / to upload into it`);
        if (existing && !input.overwrite)
          throw new NonRetryableError(`SFTP: ${path} already exists (set overwrite: true to replace it)`, { errorName: "Switchyard.FileExists" });
        if (input.createDirectories) await ensureDirectory(sftp, parentOf(path));
        // Written under a temporary name and renamed, so a reader never sees half a file.
        const partial = `${path}.partial-${ctx.idempotencyKey.replace(/[^A-Za-z0-9_-]/g, "").slice(-16)}`;
        await sftp.put(stored.bytes, partial);
        if (existing) await sftp.delete(path, true);
        await sftp.rename(partial, path);
      } catch (error) {
        throw sftpError(error, path);
      }
    });
    return { path, size: stored.ref.size };
  },
});
