import { z } from "zod";
import type { findIntegrationSummary } from "@/server/modules/integrations/integration-queries.repo";
import { isoDate, toIso } from "./common.schema";

export const versionSummarySchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  status: z.enum(["draft", "published"]),
  publishedAt: isoDate.nullable(),
  createdAt: isoDate,
});

export const integrationSchema = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.string().nullable(),
  icon: z.string().nullable(),
  listed: z.boolean().describe("Shown in the embedded marketplace"),
  instanceCount: z.number().int(),
  latestVersion: versionSummarySchema.nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

export const versionDetailSchema = versionSummarySchema.extend({ checksum: z.string(), releaseNotes: z.string().nullable() });

export const integrationDetailSchema = integrationSchema.extend({ versions: z.array(versionDetailSchema) });

export const pushResultSchema = z.object({
  integration: integrationSchema,
  version: versionDetailSchema,
  created: z.boolean().describe("False when the push changed nothing or replaced the unpublished draft"),
});

export const manifestBodySchema = z.object({ source: z.string(), format: z.enum(["yaml", "json"]).optional() });

export const publishBodySchema = z.object({
  releaseNotes: z
    .string()
    .trim()
    .max(2000, "Keep release notes under 2000 characters.")
    .optional()
    .describe("What changed, for customers; replaces the manifest's releaseNotes"),
});

type Summary = NonNullable<Awaited<ReturnType<typeof findIntegrationSummary>>>;
type VersionRow = { id: string; version: number; status: "draft" | "published"; publishedAt: Date | null; createdAt: Date };

export function toVersionSummary(v: VersionRow): z.infer<typeof versionSummarySchema> {
  return { id: v.id, version: v.version, status: v.status, publishedAt: toIso(v.publishedAt), createdAt: v.createdAt.toISOString() };
}

export function toVersionDetail(v: VersionRow & { checksum: string; releaseNotes: string | null }): z.infer<typeof versionDetailSchema> {
  return { ...toVersionSummary(v), checksum: v.checksum, releaseNotes: v.releaseNotes };
}

export function toIntegration(row: Summary): z.infer<typeof integrationSchema> {
  const latest = row.versions[0];
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    category: row.category,
    icon: row.icon,
    listed: row.listed,
    instanceCount: row._count.instances,
    latestVersion: latest ? toVersionSummary(latest) : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
