"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { FlowGraph as FlowGraphData, Point } from "@/server/modules/flow-graph/flow-graph";
import { edgePath, fitScale, clampScale } from "./geometry";

const MAX_HEIGHT = 480;
const ZOOM_STEP = 1.25;

/** Shrinks any label line the browser's font draws wider than its box (the server only estimated it). */
function useFittedLabels(svg: React.RefObject<SVGSVGElement | null>, graph: FlowGraphData) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again for each new graph, whose labels it measures.
  useLayoutEffect(() => {
    for (const text of svg.current?.querySelectorAll<SVGTextElement>("text[data-max]") ?? []) {
      text.removeAttribute("textLength");
      const max = Number(text.dataset.max);
      if (text.getComputedTextLength() > max) {
        text.setAttribute("textLength", String(max));
        text.setAttribute("lengthAdjust", "spacingAndGlyphs");
      }
    }
  }, [svg, graph]);
}

/**
 * A flow drawn from its server-side layout: the path the run took highlighted, failed states in the
 * danger colour. Big flows keep a readable size and are panned (drag, wheel, arrow keys) and zoomed
 * (buttons, Ctrl/⌘ + wheel, + and − keys; 0 fits the width). Colours come from the sy- theme, so the
 * console and the embed share it.
 */
export function FlowGraph({ graph, label = "Flow diagram; the states this run went through are highlighted" }: { graph: FlowGraphData; label?: string }) {
  const frame = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const [frameWidth, setFrameWidth] = useState(0);
  const [view, setView] = useState<{ scale: number; x: number; y: number } | null>(null);
  const drag = useRef<{ pointer: number; from: Point; origin: Point } | null>(null);
  useFittedLabels(svg, graph);

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setFrameWidth(element.clientWidth));
    observer.observe(element);
    setFrameWidth(element.clientWidth);
    return () => observer.disconnect();
  }, []);

  const fitted = frameWidth ? fitScale(graph.width, frameWidth) : 1;
  const scale = view?.scale ?? fitted;
  const height = Math.min(MAX_HEIGHT, Math.ceil(graph.height * scale) + 2);
  const contentWidth = graph.width * scale;
  // Centred while narrower than the frame; otherwise where the reader panned it.
  const limit = useCallback(
    (x: number, y: number, s: number) => {
      const w = graph.width * s;
      const h = graph.height * s;
      return {
        x: w <= frameWidth ? (frameWidth - w) / 2 : Math.min(0, Math.max(frameWidth - w, x)),
        y: h <= height ? (height - h) / 2 : Math.min(0, Math.max(height - h, y)),
      };
    },
    [graph.width, graph.height, frameWidth, height],
  );
  const offset = limit(view?.x ?? 0, view?.y ?? 0, scale);
  const pan = (dx: number, dy: number) => setView({ scale, ...limit(offset.x + dx, offset.y + dy, scale) });
  const zoom = (factor: number) => {
    const next = clampScale(scale * factor);
    // Keep the frame's centre where it is.
    const cx = frameWidth / 2;
    const cy = height / 2;
    setView({ scale: next, ...limit(cx - ((cx - offset.x) * next) / scale, cy - ((cy - offset.y) * next) / scale, next) });
  };
  const fit = () => setView(null);
  const overflows = contentWidth > frameWidth + 1 || graph.height * scale > height + 1;

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    // Ctrl/⌘ + wheel zooms; a plain wheel pans only while the graph has somewhere to go, else the page scrolls.
    const onWheel = (event: WheelEvent) => {
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        zoom(event.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP);
        return;
      }
      const next = limit(offset.x - event.deltaX, offset.y - event.deltaY, scale);
      if (next.x !== offset.x || next.y !== offset.y) {
        event.preventDefault();
        setView({ scale, ...next });
      }
    };
    element.addEventListener("wheel", onWheel, { passive: false });
    return () => element.removeEventListener("wheel", onWheel);
  });

  return (
    <figure className="sy-flow-graph" data-testid="flow-graph">
      {/* biome-ignore lint/a11y/useSemanticElements: a focusable picture with keyboard controls, not a group of form fields. */}
      <div
        ref={frame}
        className="sy-flow-graph-frame"
        style={{ height, cursor: overflows ? (drag.current ? "grabbing" : "grab") : "default" }}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the graph pans and zooms with the keyboard, so it takes focus.
        tabIndex={0}
        role="group"
        aria-label={`${label}. Arrow keys move it, + and − zoom, 0 fits it.`}
        onKeyDown={(event) => {
          const step = 40;
          const keys: Record<string, () => void> = {
            ArrowLeft: () => pan(step, 0),
            ArrowRight: () => pan(-step, 0),
            ArrowUp: () => pan(0, step),
            ArrowDown: () => pan(0, -step),
            "+": () => zoom(ZOOM_STEP),
            "=": () => zoom(ZOOM_STEP),
            "-": () => zoom(1 / ZOOM_STEP),
            "0": fit,
          };
          const action = keys[event.key];
          if (action) {
            event.preventDefault();
            action();
          }
        }}
        onPointerDown={(event) => {
          if (!overflows || event.button !== 0) return;
          drag.current = { pointer: event.pointerId, from: { x: event.clientX, y: event.clientY }, origin: offset };
          event.currentTarget.setPointerCapture(event.pointerId);
        }}
        onPointerMove={(event) => {
          const current = drag.current;
          if (!current || current.pointer !== event.pointerId) return;
          setView({ scale, ...limit(current.origin.x + event.clientX - current.from.x, current.origin.y + event.clientY - current.from.y, scale) });
        }}
        onPointerUp={() => (drag.current = null)}
        onPointerCancel={() => (drag.current = null)}
      >
        <svg ref={svg} role="img" aria-label={label} width="100%" height={height} className="block select-none">
          <defs>
            <marker id="sy-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" fill="var(--sy-muted)" />
            </marker>
            <marker id="sy-arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" fill="var(--sy-primary)" />
            </marker>
          </defs>
          <g transform={`translate(${offset.x} ${offset.y}) scale(${scale})`}>
            {graph.edges.map((edge, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list that is never reordered; its position is what tells its items apart.
              <g key={index} data-edge={`${edge.from}->${edge.to}`} data-taken={edge.taken || undefined}>
                <title>{edge.title}</title>
                <path
                  d={edgePath(edge.points)}
                  fill="none"
                  stroke={edge.taken ? "var(--sy-primary)" : "var(--sy-muted)"}
                  strokeOpacity={edge.taken ? 1 : 0.55}
                  strokeWidth={edge.taken ? 2.5 : 1.25}
                  strokeDasharray={edge.kind === "catch" ? "6 4" : undefined}
                  markerEnd={edge.taken ? "url(#sy-arrow-taken)" : "url(#sy-arrow)"}
                />
                {edge.label && edge.labelBox ? (
                  <g>
                    <rect
                      x={edge.labelBox.x}
                      y={edge.labelBox.y}
                      width={edge.labelBox.width}
                      height={edge.labelBox.height}
                      rx={4}
                      fill="var(--sy-bg)"
                      stroke="var(--sy-border)"
                    />
                    <text
                      x={edge.labelBox.x + edge.labelBox.width / 2}
                      y={edge.labelBox.y + 11.5}
                      textAnchor="middle"
                      fontSize="10"
                      fill={edge.taken ? "var(--sy-primary)" : "var(--sy-muted)"}
                      data-max={edge.labelBox.width - 6}
                    >
                      {edge.label}
                    </text>
                  </g>
                ) : null}
              </g>
            ))}
            {graph.nodes.map((node) => {
              const stroke = node.failed ? "var(--sy-danger)" : node.visited ? "var(--sy-primary)" : "var(--sy-border)";
              const terminal = node.type === "Succeed" || node.type === "Fail";
              return (
                <g key={node.name} data-state={node.name} data-visited={node.visited || undefined} data-failed={node.failed || undefined}>
                  <title>{`${node.name} (${node.detail})${node.visits > 1 ? `, entered ${node.visits} times` : ""}`}</title>
                  <rect
                    x={node.x}
                    y={node.y}
                    width={node.width}
                    height={node.height}
                    rx={terminal ? node.height / 2 : node.type === "Choice" ? 3 : 8}
                    fill={
                      node.failed
                        ? "color-mix(in srgb, var(--sy-danger) 8%, var(--sy-bg))"
                        : node.visited
                          ? "color-mix(in srgb, var(--sy-primary) 7%, var(--sy-bg))"
                          : "var(--sy-bg)"
                    }
                    stroke={stroke}
                    strokeWidth={node.visited ? 2.5 : 1.25}
                    strokeDasharray={node.type === "Choice" ? "4 2" : undefined}
                  />
                  {node.lines.map((line, index) => (
                    <text
                      // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list that is never reordered; its position is what tells its items apart.
                      key={index}
                      x={node.x + node.width / 2}
                      y={node.y + 20 + index * 16}
                      textAnchor="middle"
                      fontSize="12"
                      fontWeight={600}
                      fill="var(--sy-text)"
                      data-max={node.width - 16}
                    >
                      {line}
                    </text>
                  ))}
                  <text
                    x={node.x + node.width / 2}
                    y={node.y + 20 + node.lines.length * 16 - 2}
                    textAnchor="middle"
                    fontSize="10"
                    fill="var(--sy-muted)"
                    data-max={node.width - 16}
                  >
                    {node.detail}
                  </text>
                  {node.visits > 1 ? (
                    <g>
                      <rect x={node.x + node.width - 22} y={node.y - 8} width={26} height={16} rx={8} fill="var(--sy-primary)" />
                      <text x={node.x + node.width - 9} y={node.y + 4} textAnchor="middle" fontSize="10" fontWeight={600} fill="#fff">
                        ×{node.visits}
                      </text>
                    </g>
                  ) : null}
                </g>
              );
            })}
          </g>
        </svg>
      </div>
      <figcaption className="sy-flow-graph-bar">
        <span className="sy-muted">
          <span className="sy-flow-graph-swatch" aria-hidden="true" /> the path this run took
          {graph.nodes.some((node) => node.failed) ? (
            <>
              {" "}
              · <span className="sy-flow-graph-swatch sy-flow-graph-swatch-failed" aria-hidden="true" /> where it failed
            </>
          ) : null}
        </span>
        <span className="sy-flow-graph-tools">
          <button type="button" className="sy-btn sy-btn-small" onClick={() => zoom(1 / ZOOM_STEP)} aria-label="Zoom out">
            −
          </button>
          <span className="sy-muted tabular-nums" aria-live="polite">
            {Math.round(scale * 100)}%
          </span>
          <button type="button" className="sy-btn sy-btn-small" onClick={() => zoom(ZOOM_STEP)} aria-label="Zoom in">
            +
          </button>
          <button type="button" className="sy-btn sy-btn-small" onClick={fit}>
            Fit
          </button>
        </span>
      </figcaption>
    </figure>
  );
}
