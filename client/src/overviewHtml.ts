// The bibliography overview as one HTML page: a bar per theme (cited part filled), a column per
// year, the themes the manuscript does not cite. Pure (no vscode), so it is unit-tested; charts
// are inline SVG drawn from the server's numbers, styled by one nonce'd <style>, with no script.
import type { OverviewResult, OverviewTheme, OverviewYear } from '../../server/src/protocol';
import { plural } from './labels';

export interface PageOptions {
  /** The manuscript the cited counts are for (a file name), or undefined for the whole bibliography. */
  document: string | undefined;
  /** A fresh random value per render, for the Content-Security-Policy of the one <style>. */
  nonce: string;
}

/** Text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const themeBarWidth = 320;
const themeRowHeight = 22;
/** Room for theme names: about 7 px a character at 12 px, between these bounds; longer names are cut with "…" (the full name is the bar's title). */
const labelBounds = { min: 120, max: 340, charWidth: 7 };

function cut(name: string, chars: number): string {
  return name.length <= chars ? name : `${name.slice(0, Math.max(1, chars - 1)).trimEnd()}…`;
}

/** One row per theme: its name, a bar as long as its share of the largest theme, the cited part filled. */
export function themeChart(themes: readonly OverviewTheme[]): string {
  if (themes.length === 0) return '<p class="empty">No themes.</p>';
  const max = Math.max(1, ...themes.map((t) => t.entries));
  const longest = Math.max(...themes.map((t) => t.name.length + 2 * t.depth));
  const themeLabelWidth = Math.min(labelBounds.max, Math.max(labelBounds.min, longest * labelBounds.charWidth + 12));
  const chars = Math.floor((themeLabelWidth - 12) / labelBounds.charWidth);
  const width = themeLabelWidth + themeBarWidth + 70;
  const rows = themes.map((t, i) => {
    const y = i * themeRowHeight;
    const total = Math.max(1, Math.round((t.entries / max) * themeBarWidth));
    const cited = Math.round((t.cited / max) * themeBarWidth);
    const indent = 12 * t.depth;
    const name = escapeHtml(t.name);
    return (
      `<g class="theme${t.depth ? ' sub' : ''}${t.cited === 0 ? ' uncited' : ''}" data-theme="${escapeHtml(t.id)}">` +
      `<title>${name}: ${t.cited} of ${t.entries} cited</title>` +
      `<text class="label" x="${indent}" y="${y + 15}">${escapeHtml(cut(t.name, chars - 2 * t.depth))}</text>` +
      `<rect class="total" x="${themeLabelWidth}" y="${y + 4}" width="${total}" height="14"></rect>` +
      (cited > 0 ? `<rect class="cited" x="${themeLabelWidth}" y="${y + 4}" width="${cited}" height="14"></rect>` : '') +
      `<text class="count" x="${themeLabelWidth + total + 6}" y="${y + 15}">${t.cited}/${t.entries}</text></g>`
    );
  });
  return `<svg class="chart themes" role="img" aria-label="Entries and cited works per theme" width="${width}" height="${themes.length * themeRowHeight}" viewBox="0 0 ${width} ${themes.length * themeRowHeight}">${rows.join('')}</svg>`;
}

const yearChartHeight = 160;
const yearColumnWidth = 14;

/** One column per year, its cited part filled; the first and last years (and every tenth) labelled below. */
export function yearChart(years: readonly OverviewYear[]): string {
  if (years.length === 0) return '<p class="empty">No entry has a year.</p>';
  const max = Math.max(1, ...years.map((y) => y.entries));
  const width = years.length * yearColumnWidth + 40;
  const cols = years.map((y, i) => {
    const x = 30 + i * yearColumnWidth;
    const h = Math.round((y.entries / max) * yearChartHeight);
    const c = Math.round((y.cited / max) * yearChartHeight);
    const label = y.year || 'n.d.';
    const shown = i === 0 || i === years.length - 1 || (y.year !== '' && Number(y.year) % 10 === 0);
    return (
      `<g class="year" data-year="${escapeHtml(label)}"><title>${escapeHtml(label)}: ${y.cited} of ${y.entries} cited</title>` +
      `<rect class="total" x="${x}" y="${yearChartHeight - h}" width="${yearColumnWidth - 3}" height="${h}"></rect>` +
      (c > 0 ? `<rect class="cited" x="${x}" y="${yearChartHeight - c}" width="${yearColumnWidth - 3}" height="${c}"></rect>` : '') +
      (shown ? `<text class="axis" x="${x}" y="${yearChartHeight + 14}">${escapeHtml(label)}</text>` : '') +
      '</g>'
    );
  });
  const axis = `<text class="axis" x="0" y="10">${max}</text><line class="axis" x1="28" y1="${yearChartHeight}" x2="${width}" y2="${yearChartHeight}"></line>`;
  return `<svg class="chart years" role="img" aria-label="Entries and cited works per year" width="${width}" height="${yearChartHeight + 20}" viewBox="0 0 ${width} ${yearChartHeight + 20}">${axis}${cols.join('')}</svg>`;
}

export function overviewPage(data: OverviewResult, options: PageOptions): string {
  const { nonce } = options;
  const share = data.entries ? Math.round((100 * data.cited) / data.entries) : 0;
  const heading = options.document
    ? `${escapeHtml(data.unit.length > 1 ? `${options.document} and ${plural(data.unit.length - 1, 'file', 'files')} compiled with it` : options.document)} cites ` +
      `<strong class="cited-total">${data.cited}</strong> of <strong class="entry-total">${data.entries}</strong> entries (${share}%).`
    : `<strong class="entry-total">${data.entries}</strong> entries. Open a manuscript to see what it cites.`;
  const unit = data.unit.length > 1 ? `<p class="unit">Compilation unit: ${data.unit.map(escapeHtml).join(', ')}</p>` : '';
  const unknown = data.unknown.length ? `<p class="unknown">Cited but in no bibliography: ${data.unknown.map((k) => `<code>${escapeHtml(k)}</code>`).join(', ')}</p>` : '';
  const uncited = !options.document
    ? ''
    : data.uncited.length === 0
      ? '<p class="none-uncited">Every theme with two or more entries is cited at least once.</p>'
      : `<ul class="uncited">${data.uncited
          .map(
            (u) =>
              `<li data-theme="${escapeHtml(u.id)}"><strong>${escapeHtml(u.name)}</strong> — ${plural(u.entries, 'entry', 'entries')}, none cited` +
              `<ul>${u.examples.map((e) => `<li><code>${escapeHtml(e.key)}</code> ${escapeHtml(e.label)}</li>`).join('')}</ul></li>`,
          )
          .join('')}</ul>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; img-src 'none'; script-src 'none';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bibliography Overview</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 20px 20px; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.6em; }
.scroll { overflow-x: auto; } .chart { display: block; }
.chart text { fill: var(--vscode-foreground); font-size: 12px; }
.chart .sub .label { fill: var(--vscode-descriptionForeground); }
.chart rect.total { fill: var(--vscode-charts-blue); opacity: 0.35; }
.chart rect.cited { fill: var(--vscode-charts-green); }
.chart .axis { fill: var(--vscode-descriptionForeground); stroke: var(--vscode-descriptionForeground); font-size: 10px; }
.chart text.axis { stroke: none; }
.legend .swatch { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 12px; }
.legend .swatch.total { background: var(--vscode-charts-blue); opacity: 0.35; } .legend .swatch.cited { background: var(--vscode-charts-green); }
ul.uncited > li { margin-bottom: 0.6em; } ul.uncited ul { color: var(--vscode-descriptionForeground); }
code { font-family: var(--vscode-editor-font-family); }
</style></head>
<body>
<h1>Bibliography Overview</h1>
<p class="summary">${heading}</p>${unit}${unknown}
<p class="legend"><span class="swatch total"></span>in the bibliography<span class="swatch cited"></span>cited</p>
<h2>Themes</h2>
<div class="scroll">${themeChart(data.themes)}</div>
<h2>Years</h2>
<div class="scroll">${yearChart(data.years)}</div>
${options.document ? '<h2>Themes not cited</h2>' : ''}
${uncited}
</body></html>`;
}
