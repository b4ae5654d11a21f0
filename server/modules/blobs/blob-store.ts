/**
 * The Postgres-backed `BlobStore` an execution's actions get as `ctx.blobs`. Files are owned by
 * the execution that stored them (deleted with it) and readable by any execution of the same
 * instance, so a flow can hand a file to another through an emitted event.
 */
import { createHash } from "node:crypto";
import { contentTypeFor, fileTooLargeError, type BlobRef, type BlobStore } from "@/server/connectors/framework/blobs";
import { NonRetryableError } from "@/server/engine/errors";
import { findBlob, insertBlob, type BlobOwner } from "./blobs.repo";

/** Default for BLOB_MAX_BYTES (server/env.ts). */
export const DEFAULT_BLOB_MAX_BYTES = 10 * 1024 * 1024;

export function postgresBlobStore(owner: BlobOwner, maxBytes: number = DEFAULT_BLOB_MAX_BYTES): BlobStore {
  return {
    maxBytes,
    async put(file) {
      const name = file.name.trim() || "file";
      if (file.bytes.length > maxBytes) throw fileTooLargeError(name, file.bytes.length, maxBytes);
      const sha256 = createHash("sha256").update(file.bytes).digest("hex");
      const row = await insertBlob(owner, { name, contentType: file.contentType ?? contentTypeFor(name), sha256, data: file.bytes });
      return { $blob: row.id, name: row.name, contentType: row.contentType, size: row.size };
    },
    async read(ref) {
      const id = typeof ref === "string" ? ref : ref.$blob;
      const row = await findBlob(owner.organizationId, owner.instanceId, id);
      if (!row) {
        throw new NonRetryableError(
          `file ${JSON.stringify(id)} was not found: it belongs to another instance, or it was cleaned up with the execution that stored it`,
          { errorName: "Switchyard.FileNotFound" },
        );
      }
      const stored: BlobRef = { $blob: row.id, name: row.name, contentType: row.contentType, size: row.size };
      return { ref: stored, bytes: row.data };
    },
  };
}
