/**
 * `@switchyard/embed`: put the Switchyard marketplace into your product.
 *
 * The top-level functions drive one shared client, which is what a page normally needs and what
 * the script tag exposes as `window.Switchyard`. `createSwitchyard()` makes an independent one.
 */
import { createSwitchyard, type SwitchyardClient } from "./client.js";

export { createSwitchyard } from "./client.js";
export type { SwitchyardClient, SwitchyardEnvironment } from "./client.js";
export { EVENT_NAMES } from "./emitter.js";
export type {
  AuthenticateOptions,
  Clock,
  ClosePayload,
  ConnectionFailedPayload,
  ConnectionNeedsReconnectPayload,
  EmbedView,
  ErrorCode,
  ErrorPayload,
  EventHandler,
  FrameHandle,
  FrameTarget,
  InitOptions,
  InstancePayload,
  InstanceRemovedPayload,
  MarketplaceFilters,
  MarketplaceOptions,
  Placement,
  ReadyPayload,
  ShowOptions,
  SignedInPayload,
  SwitchyardEvent,
  SwitchyardEventMap,
  SwitchyardEventName,
  Theme,
} from "./types.js";

let shared: SwitchyardClient | undefined;

// Created on first use so that importing the module during server rendering touches no window.
function client(): SwitchyardClient {
  return (shared ??= createSwitchyard());
}

export const init: SwitchyardClient["init"] = (options) => client().init(options);
export const authenticate: SwitchyardClient["authenticate"] = (options) => client().authenticate(options);
export const showMarketplace: SwitchyardClient["showMarketplace"] = (options) => client().showMarketplace(options);
export const showIntegration: SwitchyardClient["showIntegration"] = (key, options) => client().showIntegration(key, options);
export const showInstance: SwitchyardClient["showInstance"] = (id, options) => client().showInstance(id, options);
export const showLogs: SwitchyardClient["showLogs"] = (instanceId, options) => client().showLogs(instanceId, options);
export const close: SwitchyardClient["close"] = () => client().close();
export const on: SwitchyardClient["on"] = (name, handler) => client().on(name, handler);
export const off: SwitchyardClient["off"] = (name, handler) => client().off(name, handler);
