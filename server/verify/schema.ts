import { z } from "zod";
import { DEFAULT_TOLERANCE_SECONDS } from "./timestamp";

/** Config blocks hold no secrets; those arrive resolved beside the config. */
export const toleranceSchema = z.number().int().positive().default(DEFAULT_TOLERANCE_SECONDS);

/** Header names are stored lower-case because the request view lower-cases them. */
export const headerNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "must be an HTTP header name")
  .transform((name) => name.toLowerCase());

/** Presets with no options beyond the tolerance. */
export const noOptionsSchema = z.strictObject({});
export const toleranceOnlySchema = z.strictObject({ tolerance: toleranceSchema });
