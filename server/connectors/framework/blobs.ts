import { z } from "zod";

import { formatBytes } from "@/server/connectors/http/read-body";
import { NonRetryableError } from "@/server/engine/errors";

/**
 * Files travel between states as references to stored blobs, never as their bytes inline:
 * `{ "$blob": "<id>", "name": "report.csv", "contentType": "text/csv", "size": 1234 }`.
 * A connector reads and writes them through `ctx.blobs`; the platform decides where they live
 * (Postgres, owned by the execution) and how large they may be.
 */
export const blobRefSchema = z.object({
  $blob: z.string().min(1, "a blob reference needs its $blob id"),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int().min(0),
});

export type BlobRef = z.infer<typeof blobRefSchema>;

export interface StoredFile {
  ref: BlobRef;
  bytes: Buffer;
}

export interface NewFile {
  name: string;
  contentType?: string;
  bytes: Buffer;
}

/** The execution's file store: scoped to its organization and instance, limited to the configured size. */
export interface BlobStore {
  /** The most bytes one file may have; `put` refuses more, and readers can stop a download there. */
  readonly maxBytes: number;
  put(file: NewFile): Promise<BlobRef>;
  /** The file's bytes; a reference from another organization or instance, or one already cleaned up, is not found. */
  read(ref: BlobRef | string): Promise<StoredFile>;
}

export function isBlobRef(value: unknown): value is BlobRef {
  return blobRefSchema.safeParse(value).success;
}

const CONTENT_TYPES: Record<string, string> = {
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  json: "application/json",
  jsonl: "application/x-ndjson",
  ndjson: "application/x-ndjson",
  xml: "application/xml",
  txt: "text/plain",
  pdf: "application/pdf",
  zip: "application/zip",
  gz: "application/gzip",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** A content type from the file name's extension; `application/octet-stream` when unknown. */
export function contentTypeFor(name: string): string {
  const extension = name.toLowerCase().split(".").pop() ?? "";
  return CONTENT_TYPES[extension] ?? "application/octet-stream";
}

/** Used where no execution is running (wizard data sources, deploy hooks): files need an execution to own them. */
export const noBlobStore: BlobStore = {
  maxBytes: 0,
  put() {
    return Promise.reject(new Error("files can only be stored inside a flow's execution"));
  },
  read() {
    return Promise.reject(new Error("files can only be read inside a flow's execution"));
  },
};

/** The one message for a file over the limit, whether a store refuses it or a download is refused before it starts. */
export function fileTooLargeError(name: string, size: number, maxBytes: number): NonRetryableError {
  return new NonRetryableError(`file "${name}" is ${formatBytes(size)}, more than the ${formatBytes(maxBytes)} a file may have here (BLOB_MAX_BYTES)`, {
    errorName: "Switchyard.FileTooLarge",
  });
}
