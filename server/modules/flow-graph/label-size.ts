/**
 * Text sizes for the flow graph, estimated on the server where no font can be measured: widths
 * per character class of a UI sans-serif at 12 px (semibold), rounded up so a label fits its box in
 * the fonts browsers pick; the drawing also shrinks any line that still measures wider
 * (FlowGraph's fitting), so a label never overflows.
 */
const NARROW = new Set("fijlrtI.,:;'|!()[] ");
const WIDE = new Set("mwMW@%");

export const LABEL_FONT_PX = 12;
export const LINE_HEIGHT_PX = 16;

export function textWidth(text: string, fontPx = LABEL_FONT_PX): number {
  let units = 0;
  for (const char of text) {
    if (NARROW.has(char)) units += 0.34;
    else if (WIDE.has(char)) units += 0.9;
    else if (char >= "A" && char <= "Z") units += 0.7;
    else if (char >= "0" && char <= "9") units += 0.6;
    else units += 0.58;
  }
  return Math.ceil(units * fontPx);
}

/** Breaks a name where a reader would: spaces, dashes and underscores, then camelCase humps. */
function pieces(text: string): string[] {
  return text.split(/(?<=[\s_-])|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/).filter(Boolean);
}

/**
 * Lines of at most `maxWidth` px, at most `maxLines` of them (the last ends in "…" when cut).
 * A piece wider than a line on its own is split by characters.
 */
export function wrapLabel(text: string, maxWidth: number, maxLines = 3, fontPx = LABEL_FONT_PX): string[] {
  const lines: string[] = [];
  let line = "";
  const push = (piece: string) => {
    if (textWidth(line + piece, fontPx) <= maxWidth || line === "") {
      line += piece;
      return;
    }
    lines.push(line.trimEnd());
    line = piece.trimStart();
  };
  for (const piece of pieces(text)) {
    if (textWidth(piece, fontPx) <= maxWidth) push(piece);
    else for (const char of piece) push(char);
  }
  if (line) lines.push(line.trimEnd());
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1]!;
  while (last.length > 1 && textWidth(`${last}…`, fontPx) > maxWidth) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last}…`;
  return kept;
}
