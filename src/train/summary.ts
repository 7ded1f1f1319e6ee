/** The layer table of `maskface model summary`: every layer with its trainable and frozen parameters. */
import type { Network } from '../model-folder/network.js';
import { networkParts } from '../model-folder/network.js';

export interface LayerRow {
  /** The part it belongs to: the model's name (`vgg16_stem`, `vgg16_trunk`, `head`). */
  readonly part: string;
  readonly name: string;
  readonly type: string;
  readonly outputShape: string;
  /** Parameters the optimiser updates. */
  readonly trainable: number;
  /** Parameters kept as they are: frozen layers and batch-norm moving statistics. */
  readonly frozen: number;
}

export interface NetworkSummary {
  readonly rows: readonly LayerRow[];
  /** Totals per part, in part order. */
  readonly parts: readonly { readonly part: string; readonly trainable: number; readonly frozen: number }[];
  readonly trainable: number;
  readonly frozen: number;
}

const countOf = (weights: readonly { shape: readonly (number | null)[] }[]): number =>
  weights.reduce((sum, w) => sum + w.shape.reduce<number>((p, d) => p * (d ?? 1), 1), 0);

export function summarizeNetwork(net: Network): NetworkSummary {
  const rows: LayerRow[] = [];
  const parts: { part: string; trainable: number; frozen: number }[] = [];
  for (const model of networkParts(net)) {
    const total = { part: model.name, trainable: 0, frozen: 0 };
    for (const layer of model.layers) {
      const trainable = layer.trainable ? countOf(layer.trainableWeights) : 0;
      const frozen = countOf(layer.weights) - trainable;
      const shape = layer.outputShape as (number | null)[];
      rows.push({ part: model.name, name: layer.name, type: layer.getClassName(), outputShape: JSON.stringify(shape).replace(/null/g, 'n'), trainable, frozen });
      total.trainable += trainable;
      total.frozen += frozen;
    }
    parts.push(total);
  }
  return {
    rows,
    parts,
    trainable: parts.reduce((s, p) => s + p.trainable, 0),
    frozen: parts.reduce((s, p) => s + p.frozen, 0),
  };
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/** The summary as a fixed-width text table. */
export function formatSummary(summary: NetworkSummary): string {
  const header = ['layer', 'type', 'output', 'trainable', 'frozen'];
  const body = summary.rows.map((r) => [r.name, r.type, r.outputShape, fmt(r.trainable), fmt(r.frozen)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i >= 3 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  let part = '';
  summary.rows.forEach((r, i) => {
    if (r.part !== part) {
      part = r.part;
      out.push(`[${part}]`);
    }
    out.push(line(body[i] ?? []));
  });
  out.push('');
  for (const p of summary.parts) out.push(`${p.part}: ${fmt(p.trainable)} trainable, ${fmt(p.frozen)} frozen`);
  out.push(`total: ${fmt(summary.trainable)} trainable, ${fmt(summary.frozen)} frozen`);
  return out.join('\n');
}
