/**
 * Bar charts as numbers, for inline <svg> drawn on the server (views/partials/staff/bar-chart.ejs): no JavaScript, no
 * library, printable. Pure: the numbers in, every coordinate and text out; the template only escapes and places
 * them. A chart carries its <title> and <desc> (a one-line summary); the table beside it is the text alternative.
 */
export interface Bar { label: string; value: number }

export interface ChartText { x: number; y: number; text: string; anchor: 'start' | 'middle' | 'end'; kind: 'label' | 'value' | 'tick' }
export interface ChartBar { x: number; y: number; width: number; height: number; label: string; value: number }

export interface ChartModel {
  kind: 'bars' | 'columns';
  width: number;
  height: number;
  title: string;
  desc: string;
  bars: ChartBar[];
  /** Category labels, value labels and axis labels, all as placed text. */
  texts: ChartText[];
  /** The axis line: x1, y1, x2, y2. */
  axis: [number, number, number, number];
}

const FONT = 13; // px in the viewBox; CSS scales the whole chart
/** A rough text width: CJK and full-width characters about one em, others about half. */
export function textWidth(text: string, font = FONT): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) < 0x100 ? font * 0.6 : font;
  return Math.ceil(w);
}

/** Cuts a label to fit `max` pixels, with an ellipsis (the table beside the chart has it whole). */
export function fitLabel(text: string, max: number, font = FONT): string {
  if (textWidth(text, font) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (textWidth(`${out}${ch}…`, font) > max) break;
    out += ch;
  }
  return `${out}…`;
}

/** "共 3 项，合计 120；最多：注册合格 80。" — what a screen reader says for the chart. */
export function describe(bars: readonly Bar[], unit = ''): string {
  const total = bars.reduce((s, b) => s + b.value, 0);
  if (!bars.length || total === 0) return `共 ${bars.length} 项，合计 0${unit}。`;
  const top = bars.reduce((a, b) => (b.value > a.value ? b : a));
  return `共 ${bars.length} 项，合计 ${total}${unit}；最多：${top.label} ${top.value}${unit}。`;
}

/** One horizontal bar per category, label on the left, value at the bar's end (statuses, points, 学段, 学科). */
export function barChart(title: string, bars: readonly Bar[], opts: { width?: number; unit?: string } = {}): ChartModel {
  const width = opts.width ?? 720;
  const rowHeight = 24;
  const barHeight = 16;
  const top = 8;
  const labelWidth = Math.min(220, Math.max(60, ...bars.map((b) => textWidth(b.label))));
  const valueRoom = Math.max(40, textWidth(String(Math.max(0, ...bars.map((b) => b.value)))) + 12);
  const x0 = labelWidth + 10;
  const plot = Math.max(40, width - x0 - valueRoom);
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = top * 2 + Math.max(1, bars.length) * rowHeight;
  const model: ChartModel = { kind: 'bars', width, height, title, desc: describe(bars, opts.unit), bars: [], texts: [], axis: [x0, top, x0, height - top] };
  bars.forEach((b, i) => {
    const y = top + i * rowHeight + (rowHeight - barHeight) / 2;
    const w = Math.round((Math.max(0, b.value) / max) * plot * 10) / 10;
    model.bars.push({ x: x0, y, width: w, height: barHeight, label: b.label, value: b.value });
    model.texts.push({ x: labelWidth, y: y + barHeight - 3, text: fitLabel(b.label, labelWidth), anchor: 'end', kind: 'label' });
    model.texts.push({ x: x0 + w + 4, y: y + barHeight - 3, text: String(b.value), anchor: 'start', kind: 'value' });
  });
  return model;
}

/**
 * One column per day (submissions per day across a plan): dates under the axis, thinned so they never overlap
 * (every k-th, always the first and last); values above the columns when there is room for them.
 */
export function columnChart(title: string, bars: readonly Bar[], opts: { width?: number; height?: number; unit?: string } = {}): ChartModel {
  const width = opts.width ?? 720;
  const height = opts.height ?? 240;
  const labelW = Math.max(...bars.map((b) => textWidth(b.label, 11)), 1) + 6;
  // Half a date label of room on each side, so the first and last dates under the axis are not cut off.
  const left = Math.max(8, Math.ceil(labelW / 2)), right = left, top = 20, bottom = 28;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const n = Math.max(1, bars.length);
  const slot = plotW / n;
  const colW = Math.max(1, Math.min(40, slot * 0.7));
  const max = Math.max(1, ...bars.map((b) => b.value));
  const every = Math.max(1, Math.ceil(labelW / slot));
  const showValues = slot >= textWidth(String(max), 11) + 2;
  const baseY = top + plotH;
  const model: ChartModel = { kind: 'columns', width, height, title, desc: describe(bars, opts.unit), bars: [], texts: [], axis: [left, baseY, width - right, baseY] };
  bars.forEach((b, i) => {
    const h = Math.round((Math.max(0, b.value) / max) * plotH * 10) / 10;
    const cx = left + slot * i + slot / 2;
    model.bars.push({ x: Math.round((cx - colW / 2) * 10) / 10, y: Math.round((baseY - h) * 10) / 10, width: Math.round(colW * 10) / 10, height: h, label: b.label, value: b.value });
    if (showValues && b.value > 0) model.texts.push({ x: Math.round(cx * 10) / 10, y: Math.round((baseY - h - 4) * 10) / 10, text: String(b.value), anchor: 'middle', kind: 'value' });
    const last = i === bars.length - 1;
    // The last label only when it does not run into the previous one shown.
    if (i % every === 0 || (last && (i % every) * slot >= labelW)) model.texts.push({ x: Math.round(cx * 10) / 10, y: baseY + 16, text: b.label, anchor: 'middle', kind: 'tick' });
  });
  return model;
}
