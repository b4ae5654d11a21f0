/**
 * Counted nouns in English, with the plural form chosen by `Intl.PluralRules` rather than
 * "instance(s)": "1 instance", "0 instances", "3 problems". Shared by the console, the embed and
 * server messages.
 */
const rules = new Intl.PluralRules("en");

/** The form of `singular` that goes with `count` (`plural` defaults to singular + "s"). */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return rules.select(count) === "one" ? singular : plural;
}

/** "3 problems", "1 problem", "1,200 executions". */
export function countOf(count: number, singular: string, plural?: string): string {
  return `${count.toLocaleString("en")} ${pluralize(count, singular, plural)}`;
}
