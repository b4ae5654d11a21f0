import { sendEmailAction } from "@/server/connectors/builtin/email/actions/send-email";
import { defineConnector } from "@/server/connectors/framework/define-connector";
import { smtpCredentialFields, smtpCredentials, validateSmtpCredentials } from "./smtp-credentials";
import { verifySmtpLogin } from "./smtp-transport";

/**
 * Email over SMTP, with stored files as attachments. Not HTTP: the action gets the connection's
 * decrypted credentials and dials an address the organization's network policy approves.
 */
export const emailConnector = defineConnector({
  key: "email",
  name: "Email (SMTP)",
  description: "Send email, with files attached, through your SMTP server.",
  auth: {
    kind: "credentials",
    label: "SMTP server",
    description: "Your mail provider's SMTP settings (host, port, security) and an account allowed to send.",
    fields: smtpCredentialFields,
    validate: validateSmtpCredentials,
    // Logs in once when the connection is saved, so a wrong password is caught there, not at the first send.
    accountLabel: async (ctx) => {
      const credentials = smtpCredentials(ctx.credentials);
      await verifySmtpLogin(credentials, { network: ctx.network, signal: ctx.signal });
      return credentials.from ?? credentials.username ?? credentials.host;
    },
  },
  actions: { sendEmail: sendEmailAction },
});
