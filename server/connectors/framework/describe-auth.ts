import { authMethods, methodFields, methodId, type AuthMethod } from "./auth";
import type { CredentialValue } from "./credential-fields";

/** An auth method as forms and API callers see it: what to call it and which fields to ask for. */
export interface AuthMethodDescription {
  id: string;
  kind: AuthMethod["kind"];
  label: string | null;
  description: string | null;
  grant?: "authorization_code" | "client_credentials";
  /** Empty for methods that are not typed in (OAuth, none). */
  fields: Array<{
    key: string;
    label: string;
    type: "string" | "text" | "number" | "boolean";
    secret: boolean;
    optional: boolean;
    default?: CredentialValue;
    description?: string;
    placeholder?: string;
  }>;
}

export function describeAuthMethod(method: AuthMethod): AuthMethodDescription {
  const typed = method.kind === "apiKey" || method.kind === "basic" || method.kind === "credentials";
  return {
    id: methodId(method),
    kind: method.kind,
    label: ("label" in method && method.label) || null,
    description: ("description" in method && method.description) || null,
    ...(method.kind === "oauth2" ? { grant: method.grant } : {}),
    fields: typed
      ? methodFields(method).map((f) => ({
          key: f.key,
          label: f.label,
          type: f.type,
          secret: f.secret ?? false,
          optional: (f.optional ?? false) || f.default !== undefined,
          ...(f.default !== undefined ? { default: f.default } : {}),
          ...(f.description ? { description: f.description } : {}),
          ...(f.placeholder ? { placeholder: f.placeholder } : {}),
        }))
      : [],
  };
}

export function describeAuthMethods(auth: Parameters<typeof authMethods>[0]): AuthMethodDescription[] {
  return authMethods(auth).map(describeAuthMethod);
}

/** The methods a person can type credentials into (a token, a login): "use a token instead", the console's add-connection form. */
export function typedInMethods(auth: Parameters<typeof authMethods>[0]): AuthMethodDescription[] {
  return describeAuthMethods(auth).filter((method) => method.fields.length > 0);
}
