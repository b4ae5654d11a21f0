import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";
import { NonRetryableError } from "@/server/engine/errors";
import { withSftp } from "../sftp-context";
import { sftpError } from "../sftp-session";

export const deleteFileAction = defineAction({
  description: "Deletes a file on the SFTP server; answers { path, deleted } (deleted is false when it was already gone and ignoreMissing is on).",
  readOnly: false,
  destructive: true,
  input: z.object({ path: z.string().min(1), ignoreMissing: z.boolean().default(false) }),
  output: z.object({ path: z.string(), deleted: z.boolean() }),
  async run(ctx, input) {
    const deleted = await withSftp(ctx, async (sftp) => {
      try {
        const existing = await sftp.exists(input.path);
        if (!existing) {
          if (input.ignoreMissing) return false;
          throw new NonRetryableError(`SFTP: ${input.path}: no such file or directory`, { errorName: "Switchyard.FileNotFound" });
        }
        if (existing === "d") throw new NonRetryableError(`SFTP: ${input.path} is a directory; only files are deleted`);
        await sftp.delete(input.path);
        return true;
      } catch (error) {
        throw sftpError(error, input.path);
      }
    });
    return { path: input.path, deleted };
  },
});
