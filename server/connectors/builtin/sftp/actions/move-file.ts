import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";
import { NonRetryableError } from "@/server/engine/errors";
import { withSftp } from "../sftp-context";
import { baseName, ensureDirectory, joinPath, parentOf, sftpError } from "../sftp-session";

export const moveFileAction = defineAction({
  description: "Moves (renames) a file on the SFTP server. A `to` ending in / is a folder: the file keeps its name there.",
  readOnly: false,
  input: z.object({
    from: z.string().min(1),
    to: z.string().min(1),
    /** Replace a file already at the destination; otherwise that is an error. */
    overwrite: z.boolean().default(false),
    createDirectories: z.boolean().default(true),
  }),
  output: z.object({ from: z.string(), to: z.string() }),
  async run(ctx, input) {
    const to = input.to.endsWith("/") ? joinPath(input.to, baseName(input.from)) : input.to;
    await withSftp(ctx, async (sftp) => {
      try {
        const source = await sftp.exists(input.from);
        const target = await sftp.exists(to);
        // Already done by an earlier attempt of this step (a retry after a dropped connection).
        if (!source && target) return;
        if (!source) throw new NonRetryableError(`SFTP: ${input.from}: no such file or directory`, { errorName: "Switchyard.FileNotFound" });
        if (target && !input.overwrite)
          throw new NonRetryableError(`SFTP: cannot move ${input.from}: ${to} already exists (set overwrite: true to replace it)`, {
            errorName: "Switchyard.FileExists",
          });
        if (input.createDirectories) await ensureDirectory(sftp, parentOf(to));
        if (target) await sftp.delete(to, true);
        await sftp.rename(input.from, to);
      } catch (error) {
        throw sftpError(error, input.from);
      }
    });
    return { from: input.from, to };
  },
});
