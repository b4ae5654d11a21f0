import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";
import { withSftp } from "../sftp-context";
import { globToRegExp, joinPath, sftpError } from "../sftp-session";

const remoteFileSchema = z.object({
  name: z.string(),
  path: z.string(),
  size: z.number(),
  modifiedAt: z.string(),
  type: z.enum(["file", "directory", "link"]),
});

export const listFilesAction = defineAction({
  description: "Lists a folder on the SFTP server, oldest first; answers { files: [{ name, path, size, modifiedAt, type }], count }.",
  readOnly: true,
  input: z.object({
    path: z.string().min(1),
    /** Only names matching this glob (`*.csv`); case-insensitive. */
    pattern: z.string().min(1).optional(),
    includeDirectories: z.boolean().default(false),
    /**
     * Leave out files modified less than this many seconds ago: a file still being uploaded keeps
     * changing, and importing it half-written (then again, complete) is worse than waiting a scan.
     */
    minAgeSeconds: z.number().int().min(0).max(86_400).default(0),
    /** At most this many files (the oldest), so one run does a bounded amount of work. */
    limit: z.number().int().min(1).max(10_000).default(1000),
  }),
  output: z.object({ files: z.array(remoteFileSchema), count: z.number().int() }),
  async run(ctx, input) {
    const matches = input.pattern ? globToRegExp(input.pattern) : undefined;
    const settledBefore = Date.now() - input.minAgeSeconds * 1000;
    const entries = await withSftp(ctx, async (sftp) => {
      try {
        return await sftp.list(input.path);
      } catch (error) {
        throw sftpError(error, input.path);
      }
    });
    const files = entries
      .filter((entry) => entry.type === "-" || (entry.type === "d" && input.includeDirectories) || entry.type === "l")
      .filter((entry) => !matches || matches.test(entry.name))
      .filter((entry) => input.minAgeSeconds === 0 || entry.modifyTime <= settledBefore)
      .sort((a, b) => a.modifyTime - b.modifyTime || a.name.localeCompare(b.name))
      .slice(0, input.limit)
      .map((entry) => ({
        name: entry.name,
        path: joinPath(input.path, entry.name),
        size: entry.size,
        modifiedAt: new Date(entry.modifyTime).toISOString(),
        type: entry.type === "d" ? ("directory" as const) : entry.type === "l" ? ("link" as const) : ("file" as const),
      }));
    return { files, count: files.length };
  },
});
