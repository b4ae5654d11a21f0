"use client";
/**
 * React wrapper: one component that mounts a Switchyard frame into a div and tears it down on
 * unmount. Each component owns its own client, so several on one page do not share state.
 */
import { useEffect, useRef, type CSSProperties } from "react";
import { createSwitchyard, EVENT_NAMES, type SwitchyardClient } from "./index.js";
import type { FrameHandle, FrameTarget, MarketplaceFilters, SwitchyardEvent, Theme } from "./index.js";

type ViewProps =
  | { view?: "marketplace"; filters?: MarketplaceFilters }
  | { view: "integration"; integrationKey: string }
  | { view: "instance"; instanceId: string }
  | { view: "logs"; instanceId?: string };

export type SwitchyardMarketplaceProps = ViewProps & {
  /** Base URL of the Switchyard server. */
  url: string;
  /** JWT signed by your backend; a new value re-authenticates the frame without reloading it. */
  token: string;
  refresh?: () => Promise<string>;
  theme?: Theme;
  onEvent?: (event: SwitchyardEvent) => void;
  className?: string;
  style?: CSSProperties;
};

function frameTarget(props: ViewProps): FrameTarget {
  switch (props.view) {
    case "integration":
      return { view: "integration", integrationKey: props.integrationKey };
    case "instance":
      return { view: "instance", instanceId: props.instanceId };
    case "logs":
      return { view: "logs", instanceId: props.instanceId };
    default:
      return { view: "marketplace", filters: props.filters };
  }
}

function showTarget(client: SwitchyardClient, target: FrameTarget, selector: HTMLElement, theme?: Theme): FrameHandle {
  switch (target.view) {
    case "integration":
      return client.showIntegration(target.integrationKey, { selector, theme });
    case "instance":
      return client.showInstance(target.instanceId, { selector, theme });
    case "logs":
      return client.showLogs(target.instanceId, { selector, theme });
    case "marketplace":
      return client.showMarketplace({ selector, theme, filters: target.filters });
  }
}

export function SwitchyardMarketplace(props: SwitchyardMarketplaceProps) {
  const { url, token, refresh, theme, onEvent, className, style } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const clientRef = useRef<SwitchyardClient | null>(null);
  const handleRef = useRef<FrameHandle | null>(null);
  // Callbacks and theme are read through a ref so new function identities on every render
  // do not tear down and reload the frame.
  const latest = useRef({ refresh, onEvent, theme });
  useEffect(() => {
    latest.current = { refresh, onEvent, theme };
  });

  useEffect(() => {
    const client = createSwitchyard();
    client.init({ url });
    for (const name of EVENT_NAMES) {
      client.on(name, (payload) => latest.current.onEvent?.({ name, payload } as SwitchyardEvent));
    }
    clientRef.current = client;
    return () => {
      client.destroy();
      clientRef.current = null;
    };
  }, [url]);

  const hasRefresh = refresh !== undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new url makes a new client (above), which needs the token again.
  useEffect(() => {
    clientRef.current?.authenticate({ token, refresh: hasRefresh ? () => latest.current.refresh!() : undefined });
  }, [url, token, hasRefresh]);

  // Objects are compared by content: an inline `filters={{ category: "crm" }}` must not reload the frame.
  const targetKey = JSON.stringify(frameTarget(props));
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new url makes a new client (above), which shows the target again.
  useEffect(() => {
    const client = clientRef.current;
    const container = containerRef.current;
    if (!client || !container) return;
    const handle = showTarget(client, JSON.parse(targetKey) as FrameTarget, container, latest.current.theme);
    handleRef.current = handle;
    return () => {
      handle.close();
      handleRef.current = null;
    };
  }, [url, targetKey]);

  const themeKey = JSON.stringify(theme ?? {});
  useEffect(() => {
    handleRef.current?.setTheme(JSON.parse(themeKey) as Theme);
  }, [themeKey]);

  return <div ref={containerRef} className={className} style={style} />;
}
