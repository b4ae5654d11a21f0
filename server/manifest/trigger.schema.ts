/**
 * A flow's `trigger` block: one schema per trigger kind, each in its kind's declaration
 * (trigger-kinds/trigger-kinds.ts lists them).
 */
import { z } from "zod";
import { TRIGGER_KINDS } from "@/server/manifest/trigger-kinds/trigger-kinds";

/** The kinds' schemas as a tuple, so the union keeps each one's type. */
type SchemasOf<Kinds extends readonly { schema: unknown }[]> = { -readonly [K in keyof Kinds]: Kinds[K]["schema"] };

export const triggerSchema = z.discriminatedUnion("type", TRIGGER_KINDS.map((kind) => kind.schema) as unknown as SchemasOf<typeof TRIGGER_KINDS>);

export type Trigger = z.infer<typeof triggerSchema>;
export type ToolTrigger = Extract<Trigger, { type: "tool" }>;
