/**
 * `procedure path → field`: the only API answers that carry a credential — handed once to whoever
 * just created or exchanged for it, never readable again.
 */
export const SHOWN_ONCE: Record<string, string> = {
  "embedKeys.generateSecret": "secret", // the new HS256 signing secret, for the owner/admin who generated it
  "embed.exchange": "sessionToken",
  "alerts.createChannel": "signingSecret", // a webhook channel's new signing secret, for the owner/admin who added it
  "alerts.rotateChannelSecret": "signingSecret", // the replacement signing secret, likewise // the embed session the caller just exchanged its own JWT for
};
