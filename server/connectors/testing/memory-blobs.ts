import { randomUUID } from "node:crypto";

import { contentTypeFor, type BlobRef, type BlobStore } from "@/server/connectors/framework/blobs";

/** An in-memory `ctx.blobs` for connector unit tests; the size limit behaves as the Postgres store's does. */
export function memoryBlobs(maxBytes = 10 * 1024 * 1024): BlobStore & { files: Map<string, { ref: BlobRef; bytes: Buffer }> } {
  const files = new Map<string, { ref: BlobRef; bytes: Buffer }>();
  return {
    files,
    maxBytes,
    async put(file) {
      if (file.bytes.length > maxBytes) throw new Error(`file "${file.name}" is larger than ${maxBytes} bytes`);
      const ref: BlobRef = { $blob: randomUUID(), name: file.name, contentType: file.contentType ?? contentTypeFor(file.name), size: file.bytes.length };
      files.set(ref.$blob, { ref, bytes: Buffer.from(file.bytes) });
      return ref;
    },
    async read(ref) {
      const stored = files.get(typeof ref === "string" ? ref : ref.$blob);
      if (!stored) throw new Error("file not found");
      return stored;
    },
  };
}
