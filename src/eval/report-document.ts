/**
 * The report as a list of blocks (headings, paragraphs, tables, figures), built from
 * experiment.json and the run files; rendered to Markdown and HTML by report-render.ts.
 */
import type { Protocol } from './configurations.js';
import type { ExperimentRecord } from './experiment-record.js';
import { dataTable, PROTOCOL_TITLES, protocolTable, selectedConfigurations, tableIV, tableV, tableVI, type RunIndex, type Table } from './report-tables.js';

export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'table'; readonly table: Table }
  | { readonly kind: 'figure'; readonly path: string; readonly caption: string };

export interface FigureSpec {
  /** Relative to the report folder. */
  readonly path: string;
  readonly kind: 'curves' | 'confusion';
  readonly protocol: Protocol;
  readonly configuration: string;
  readonly caption: string;
}

/** Figures of run 1 of every configuration and protocol that has one. */
export function figureSpecs(record: ExperimentRecord, runs: RunIndex): FigureSpec[] {
  const specs: FigureSpec[] = [];
  for (const protocol of record.options.protocols) {
    for (const c of selectedConfigurations(record)) {
      if (!runs.get(protocol, c.id, 1)) continue;
      const what = `${c.datasetLabel}, ${c.balancingLabel === '-' ? 'no balancing' : c.balancingLabel}, ${protocol} protocol, run 1`;
      specs.push({ path: `figures/curves-${protocol}-${c.id}.png`, kind: 'curves', protocol, configuration: c.id, caption: `Accuracy per epoch: ${what}.` });
      specs.push({ path: `figures/confusion-${protocol}-${c.id}.png`, kind: 'confusion', protocol, configuration: c.id, caption: `Confusion matrix on the test split: ${what}.` });
    }
  }
  return specs;
}

export function buildDocument(record: ExperimentRecord, runs: RunIndex, figures: readonly FigureSpec[]): Block[] {
  const o = record.options;
  const m = record.machine;
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: "maskface experiment: the paper's Tables IV and V" },
    { kind: 'paragraph', text: 'Produced by this command (run from the repository root):' },
    { kind: 'code', text: record.commandLine },
    {
      kind: 'paragraph',
      text: `Backbone ${o.backbone} under the paper's classifier head, ${o.epochs} epochs per training (Adam ${o.learningRate}, batch ${o.batchSize}, patience ${o.patience}), ${o.runs} run(s) of each SMOTE configuration (k ${o.k}${o.smallClass === 'shrink' ? ', shrunk for people with k or fewer photos' : ''}), protocols: ${o.protocols.join(', ')}. Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}. Started ${record.startedAt}.`,
    },
  ];
  for (const protocol of o.protocols) {
    blocks.push({ kind: 'heading', level: 2, text: `Results, ${PROTOCOL_TITLES[protocol]}` });
    blocks.push({ kind: 'table', table: tableIV(record, runs, protocol) });
    if (selectedConfigurations(record).some((c) => c.repeated)) blocks.push({ kind: 'table', table: tableV(record, runs, protocol) });
  }
  const comparison = protocolTable(record, runs);
  if (comparison) {
    blocks.push({ kind: 'heading', level: 2, text: 'How much the paper\'s protocol inflates accuracy' });
    blocks.push({ kind: 'table', table: comparison });
  }
  blocks.push({ kind: 'heading', level: 2, text: 'Comparison with other results' });
  blocks.push({ kind: 'table', table: tableVI(record, runs) });

  blocks.push({ kind: 'heading', level: 2, text: 'Training curves (the paper\'s Figures 2 and 3)' });
  blocks.push({ kind: 'paragraph', text: 'Training accuracy and validation accuracy (on the test split) per epoch; dashed lines: the learning rate was multiplied by 0.1 (ReduceLROnPlateau); dot: the epoch whose weights were kept.' });
  for (const f of figures.filter((f) => f.kind === 'curves')) blocks.push({ kind: 'figure', path: f.path, caption: f.caption });
  blocks.push({ kind: 'heading', level: 2, text: 'Confusion matrices' });
  for (const f of figures.filter((f) => f.kind === 'confusion')) blocks.push({ kind: 'figure', path: f.path, caption: f.caption });

  blocks.push({ kind: 'heading', level: 2, text: 'Data' });
  blocks.push({ kind: 'table', table: dataTable(record) });
  for (const a of record.arms) blocks.push({ kind: 'paragraph', text: `${a.arm} arm people: ${a.people.join(', ')}.` });

  blocks.push({ kind: 'heading', level: 2, text: 'Options, protocol and machine' });
  blocks.push({
    kind: 'paragraph',
    text: "Protocols: leak-free splits each person's masked and unmasked photos 80/20 first (a simulated masked copy goes to the side of its original) and balances only the training part; the paper's protocol balances the whole set and then splits it 80/20, as the paper did. Per-run results: runs/<protocol>/<configuration>/run-<k>.json.",
  });
  blocks.push({ kind: 'code', text: JSON.stringify({ fingerprint: record.fingerprint, options: o, machine: m }, null, 2) });
  return blocks;
}
