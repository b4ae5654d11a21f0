/** The platform's own actions (`switchyard.getState` …), named apart from their code so the manifest checks can list them without loading it. */
export const PLATFORM_CONNECTOR = "switchyard";

export const PLATFORM_ACTION_NAMES = ["emitEvent", "getState", "setState"] as const;
