import { Cron } from "croner";
import { z } from "zod";

/** Integration keys appear in URLs and marketplace slugs. */
export const integrationKeySchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: "must be a lowercase slug (a-z, 0-9 and single dashes), e.g. github-zendesk" });

/** Keys of connections, flows and HTTP actions: no dots, so `Action: a.b` can only mean connector `a`, action `b`. */
export const referenceKeySchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, { error: "must start with a letter and use only letters, digits, _ and -" });

/** Config field keys are read as `$$.Config.<key>`, so they must be plain identifiers. */
export const configKeySchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "must be an identifier (letters, digits and _), as it is read as $$.Config.<key>" });

/** A reference to the value the customer entered in a config field. */
export const configRefSchema = z.strictObject({ config: configKeySchema });

/** A reference to a value the instance's flows stored in its state (switchyard.setState), e.g. a signing secret returned at deploy time. */
export const stateRefSchema = z.strictObject({ state: z.string().min(1, { error: "must name a state key" }) });

/** A secret given inline, taken from a config field or from instance state; a list allows rotation (any entry may match). */
const secretValueSchema = z.union([z.string().min(1, { error: "must not be empty" }), configRefSchema, stateRefSchema]);
export const secretSchema = z.union([secretValueSchema, z.array(secretValueSchema).min(1, { error: "must list at least one secret" })]);

export const cronSchema = z.string().superRefine((pattern, ctx) => {
  try {
    // Parsing only: a paused job without a callback never fires.
    new Cron(pattern, { paused: true }).stop();
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^CronPattern:\s*/, "");
    ctx.addIssue({ code: "custom", message: `invalid cron expression "${pattern}": ${reason}` });
  }
});

export const timezoneSchema = z.string().superRefine((timezone, ctx) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
  } catch {
    ctx.addIssue({ code: "custom", message: `unknown IANA time zone "${timezone}" (e.g. Europe/Paris, UTC)` });
  }
});

export type SecretSpec = z.infer<typeof secretSchema>;
