import { z } from "zod";

/**
 * The parts of a Zendesk ZIS bundle the importer reads. Loose on purpose: bundles carry fields we
 * do not map, and the importer reports those as warnings rather than refusing the bundle.
 */
const keyValueSchema = z.looseObject({ key: z.string(), value: z.string().optional(), "value.$": z.string().optional() });

export const zisHttpActionSchema = z.looseObject({
  type: z.literal("ZIS::Action::Http"),
  properties: z.looseObject({
    name: z.string().min(1),
    definition: z.looseObject({
      method: z.string(),
      url: z.string().optional(),
      "url.$": z.string().optional(),
      path: z.string().optional(),
      "path.$": z.string().optional(),
      headers: z.array(keyValueSchema).optional(),
      query: z.array(keyValueSchema).optional(),
      requestBody: z.unknown().optional(),
      connectionName: z.string().optional(),
    }),
  }),
});

export const zisFlowSchema = z.looseObject({
  type: z.literal("ZIS::Flow"),
  properties: z.looseObject({
    name: z.string().min(1),
    definition: z.looseObject({ StartAt: z.string(), States: z.record(z.string(), z.unknown()) }),
  }),
});

export const zisJobSpecSchema = z.looseObject({
  type: z.literal("ZIS::JobSpec"),
  properties: z.looseObject({
    name: z.string().min(1),
    event_source: z.string().min(1),
    event_type: z.string().min(1),
    flow_name: z.string().min(1),
  }),
});

export const zisBundleSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().optional(),
  zis_template_version: z.string(),
  resources: z.record(z.string(), z.looseObject({ type: z.string(), properties: z.unknown() })),
});

export type ZisHttpAction = z.infer<typeof zisHttpActionSchema>;
export type ZisFlow = z.infer<typeof zisFlowSchema>;
export type ZisJobSpec = z.infer<typeof zisJobSpecSchema>;
