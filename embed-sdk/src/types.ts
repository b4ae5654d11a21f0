/** Public types of the SDK. Everything a vendor touches is declared here so the .d.ts stays readable. */

export interface Theme {
  mode?: "light" | "dark";
  /** Any CSS colour, e.g. `#4f46e5`. */
  primaryColor?: string;
  /** Corner radius: a number is pixels, a string is a CSS length (`"0.5rem"`). */
  radius?: number | string;
  fontFamily?: string;
}

export interface MarketplaceFilters {
  category?: string;
  search?: string;
}

/** Where a frame goes: into an element of the page, or into a modal popover (the default). */
export type Placement = { selector: string | HTMLElement; popover?: false } | { popover?: true; selector?: undefined };

export type ShowOptions = Placement & { theme?: Theme };

export type MarketplaceOptions = ShowOptions & { filters?: MarketplaceFilters };

export type EmbedView = "marketplace" | "integration" | "instance" | "logs";

/** What one frame shows; turned into a `/embed/v1/...` URL. */
export type FrameTarget =
  | { view: "marketplace"; filters?: MarketplaceFilters }
  | { view: "integration"; integrationKey: string }
  | { view: "instance"; instanceId: string }
  | { view: "logs"; instanceId?: string };

export interface InitOptions {
  /** Base URL of the Switchyard server, e.g. `https://integrations.example.com`. */
  url: string;
}

export interface AuthenticateOptions {
  /** A JWT your backend signed for the current user (see the README for the claims). */
  token: string;
  /** Called about 60 s before the token's `exp`; resolve with a fresh token. */
  refresh?: () => Promise<string>;
}

/**
 * `ready`: the frame's view is drawn and answers input. On the marketplace that is as soon as its
 * page has run over the catalogue the server drew, while the sign-in still runs; the customer's
 * own state (Active badges, Reconnect notices) follows with `signedIn`. Pages whose whole view is
 * the customer's data (integration, instance, logs) are ready when signed in.
 */
export interface ReadyPayload {
  view: EmbedView;
}

/**
 * `signedIn`: the frame exchanged the token for its session and shows the customer's own state;
 * again after each new token it exchanged (refresh, a new `authenticate()`). A refused or failed
 * sign-in is an `error` event instead (`unauthorized`, `forbidden_origin`, `network`, …).
 */
export interface SignedInPayload {
  view: EmbedView;
}

export interface InstancePayload {
  instanceId: string;
  integrationKey: string;
  /** The integration version the instance runs. */
  version?: number;
}

export interface InstanceRemovedPayload {
  instanceId: string;
  integrationKey: string;
}

export interface ConnectionFailedPayload {
  /** The connection's key in the integration manifest, e.g. `github`. */
  connectionKey: string;
  connector?: string;
  instanceId?: string;
  message?: string;
}

/**
 * A connection of one of the customer's instances needs reconnecting: the provider refused its
 * renewal, or kept answering 401 after one. Runs that need it wait until it is reconnected.
 * Sent when a marketplace or instance frame shows the Reconnect prompt, once per connection.
 */
export interface ConnectionNeedsReconnectPayload {
  instanceId: string;
  integrationKey: string;
  /** The connection's key in the integration manifest, e.g. `github`. */
  connectionKey: string;
  connector: string;
  /** Why, in words a support person can act on (never a credential). */
  reason: string | null;
}

/**
 * `unauthorized`, `forbidden_origin`, `network` and `no_token` (no token was sent within 5 s of
 * the frame's hello) come from the frame; `timeout` (the frame never said hello) and
 * `token_refresh_failed` come from the SDK itself.
 */
export type ErrorCode = "unauthorized" | "forbidden_origin" | "network" | "no_token" | "timeout" | "token_refresh_failed" | (string & {});

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  view?: EmbedView;
}

export interface ClosePayload {
  view: EmbedView;
  /** `user`: close button or Escape; `frame`: the frame asked to be closed. */
  reason: "user" | "frame";
}

export interface SwitchyardEventMap {
  ready: ReadyPayload;
  signedIn: SignedInPayload;
  "instance.deployed": InstancePayload;
  "instance.updated": InstancePayload;
  "instance.removed": InstanceRemovedPayload;
  "connection.failed": ConnectionFailedPayload;
  "connection.needsReconnect": ConnectionNeedsReconnectPayload;
  error: ErrorPayload;
  close: ClosePayload;
}

export type SwitchyardEventName = keyof SwitchyardEventMap;

/** One event as a tagged union, handy for a single `switch (event.name)`. */
export type SwitchyardEvent = {
  [K in SwitchyardEventName]: { name: K; payload: SwitchyardEventMap[K] };
}[SwitchyardEventName];

export type EventHandler<K extends SwitchyardEventName> = (payload: SwitchyardEventMap[K]) => void;

/** One open frame. */
export interface FrameHandle {
  readonly iframe: HTMLIFrameElement;
  readonly view: EmbedView;
  /** Sends a new theme to the frame without reloading it. */
  setTheme(theme: Theme): void;
  close(): void;
}

/** Time, injectable so token refresh and the hello timeout can be tested without waiting. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
