import { z } from "zod";

/** A widget as the Acme API returns it (snake_case) and as flows see it (camelCase). */
export const acmeWidgetSchema = z.object({
  id: z.string(),
  name: z.string(),
  color: z.string().nullable(),
  project_id: z.string(),
  created_at: z.string(),
});

export const widgetSchema = z.object({
  id: z.string(),
  name: z.string(),
  color: z.string().nullable(),
  projectId: z.string(),
  createdAt: z.string(),
});

export function toWidget(widget: z.infer<typeof acmeWidgetSchema>): z.infer<typeof widgetSchema> {
  return { id: widget.id, name: widget.name, color: widget.color, projectId: widget.project_id, createdAt: widget.created_at };
}
