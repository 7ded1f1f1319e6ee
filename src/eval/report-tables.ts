/**
 * The report's tables as plain data (caption, header, cells), built only from experiment.json and
 * the per-run JSON files; report-markdown.ts and report-html.ts render the same cells, so both
 * documents print the same numbers.
 */
import { CONFIGURATIONS, type Configuration, type Protocol } from './configurations.js';
import type { ExperimentRecord } from './experiment-record.js';
import { spread } from './metrics.js';
import type { RunResult } from './run-result.js';

export interface Cell {
  readonly text: string;
  readonly bold?: boolean;
}
export interface Table {
  readonly id: string;
  readonly caption: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  readonly notes: readonly string[];
}

export const PROTOCOL_TITLES: Readonly<Record<Protocol, string>> = {
  'leak-free': 'leak-free protocol: split first, balance the training part only',
  paper: "paper's protocol: balance everything, then split 80/20",
};

/** A share 0..1 as a percentage with two decimals, as the paper prints them. */
export const percent = (share: number | null | undefined): string => (share === null || share === undefined ? 'n/a' : `${(share * 100).toFixed(2)}%`);

export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

const cell = (text: string, bold = false): Cell => (bold ? { text, bold } : { text });

export class RunIndex {
  private readonly byKey = new Map<string, RunResult>();
  constructor(runs: readonly RunResult[]) {
    for (const r of runs) this.byKey.set(`${r.protocol}/${r.configuration}/${r.run}`, r);
  }
  get(protocol: Protocol, configuration: string, run: number): RunResult | undefined {
    return this.byKey.get(`${protocol}/${configuration}/${run}`);
  }
  /** Runs 1..n that exist, in order. */
  series(protocol: Protocol, configuration: string, n: number): RunResult[] {
    const out: RunResult[] = [];
    for (let k = 1; k <= n; k++) {
      const r = this.get(protocol, configuration, k);
      if (r) out.push(r);
    }
    return out;
  }
}

export function selectedConfigurations(record: ExperimentRecord): Configuration[] {
  const only = record.options.only;
  return CONFIGURATIONS.filter((c) => only === null || only.includes(c.id));
}

/** Table IV: one training per configuration (run 1, seed = the base seed), with the paper's numbers beside. */
export function tableIV(record: ExperimentRecord, runs: RunIndex, protocol: Protocol): Table {
  const rows = selectedConfigurations(record).map((c) => {
    const r = runs.get(protocol, c.id, 1);
    const ours = r
      ? [percent(r.metrics.accuracy), percent(r.metrics.macroF1), percent(r.metrics.maskedAccuracy), percent(r.metrics.unmaskedAccuracy), String(r.counts.totalImages), `${r.counts.trainAfterBalancing} / ${r.counts.test}`, duration(r.seconds.total)]
      : ['not run', '', '', '', '', '', ''];
    return [cell(c.datasetLabel), cell(c.balancingLabel), ...ours.map((t) => cell(t)), cell(percent(c.paper.accuracy)), cell(String(c.paper.totalImages)), cell(c.paper.runtime)];
  });
  return {
    id: `table-iv-${protocol}`,
    caption: `Table IV, ${PROTOCOL_TITLES[protocol]}. Results of training the datasets with real and simulated masks.`,
    header: ['Dataset', 'Balancing', 'Accuracy', 'Macro-F1', 'Masked acc.', 'Unmasked acc.', 'Total images', 'Train / test', 'Runtime', 'Paper: accuracy', 'Paper: total images', 'Paper: runtime'],
    rows,
    notes: [
      `Ours: run 1 (seed ${record.options.seed}), backbone ${record.options.backbone}, ${record.options.epochs} epochs, Adam learning rate ${record.options.learningRate}, batch ${record.options.batchSize}, ReduceLROnPlateau patience ${record.options.patience}; the kept epoch is the best validation accuracy (ModelCheckpoint). Total images: every sample after balancing, training and test; runtime: that run's wall-clock time on the machine below (the first run on an arm includes its feature extraction, later runs read the feature cache).`,
      "Paper: VGG16 blocks 4-5 fine-tuned, 800 epochs on a GTX 1050 Ti laptop GPU; its Table IV accuracy of the SMOTE models is the best of its five runs (Table V).",
    ],
  };
}

/** Table V: the repeated (SMOTE) configurations, every run, average and sample standard deviation. */
export function tableV(record: ExperimentRecord, runs: RunIndex, protocol: Protocol): Table {
  const n = record.options.runs;
  const rows: Cell[][] = [];
  for (const c of selectedConfigurations(record).filter((c) => c.repeated)) {
    const series = runs.series(protocol, c.id, n);
    const accuracies = series.map((r) => r.metrics.accuracy);
    const best = accuracies.length > 0 ? Math.max(...accuracies) : NaN;
    const s = accuracies.length > 0 ? spread(accuracies) : undefined;
    const masked = series.map((r) => r.metrics.maskedAccuracy).filter((v): v is number => v !== null);
    rows.push([
      cell(`${c.datasetLabel} (ours)`),
      ...Array.from({ length: n }, (_, k) => (series[k] ? cell(percent(series[k].metrics.accuracy), series[k].metrics.accuracy === best) : cell('not run'))),
      cell(s ? percent(s.mean) : 'n/a'),
      cell(s ? percent(s.std) : 'n/a'),
      cell(series.length > 0 ? percent(spread(series.map((r) => r.metrics.macroF1)).mean) : 'n/a'),
      cell(masked.length > 0 ? percent(spread(masked).mean) : 'n/a'),
    ]);
    const paperBest = Math.max(...c.paper.runs);
    rows.push([
      cell(`${c.datasetLabel} (paper)`),
      ...Array.from({ length: n }, (_, k) => {
        const v = c.paper.runs[k];
        return v === undefined ? cell('') : cell(percent(v), v === paperBest);
      }),
      cell(percent(c.paper.average)),
      cell(percent(c.paper.std)),
      cell('n/a'),
      cell('n/a'),
    ]);
  }
  return {
    id: `table-v-${protocol}`,
    caption: `Table V, ${PROTOCOL_TITLES[protocol]}. All results in the datasets with SMOTE of real and simulated masks.`,
    header: ['Dataset', ...Array.from({ length: n }, (_, k) => `Run ${k + 1}`), 'Average', 'Standard deviation', 'Macro-F1 average', 'Masked acc. average'],
    rows,
    notes: [
      `Run k trains with seed ${record.options.seed} + k - 1 on the same prepared data; bold: the best run. Standard deviation: sample (n - 1), as the paper's.`,
      "The paper's runs, average and deviation are quoted as printed (its average is truncated); its five runs were the VGG16 fine-tuning.",
    ],
  };
}

/** How much the paper's protocol inflates accuracy: the same configuration under both protocols. */
export function protocolTable(record: ExperimentRecord, runs: RunIndex): Table | undefined {
  if (record.options.protocols.length < 2) return undefined;
  const mean = (protocol: Protocol, c: Configuration, pick: (r: RunResult) => number | null): number | undefined => {
    const values = runs.series(protocol, c.id, c.repeated ? record.options.runs : 1).map(pick).filter((v): v is number => v !== null);
    return values.length === 0 ? undefined : spread(values).mean;
  };
  const rows = selectedConfigurations(record).map((c) => {
    const leak = mean('leak-free', c, (r) => r.metrics.accuracy);
    const paper = mean('paper', c, (r) => r.metrics.accuracy);
    const diff = leak !== undefined && paper !== undefined ? `${((paper - leak) * 100).toFixed(2)} pp` : 'n/a';
    return [
      cell(c.datasetLabel),
      cell(c.balancingLabel),
      cell(String(c.repeated ? record.options.runs : 1)),
      cell(percent(leak)),
      cell(percent(paper)),
      cell(diff, true),
      cell(percent(mean('leak-free', c, (r) => r.metrics.maskedAccuracy))),
      cell(percent(mean('paper', c, (r) => r.metrics.maskedAccuracy))),
    ];
  });
  return {
    id: 'table-protocols',
    caption: "Leak-free protocol against the paper's protocol (mean over runs).",
    header: ['Dataset', 'Balancing', 'Runs', 'Accuracy, leak-free', "Accuracy, paper's protocol", 'Inflation', 'Masked acc., leak-free', "Masked acc., paper's protocol"],
    rows,
    notes: [
      "Under the paper's protocol the whole set is balanced before the 80/20 split, so SMOTE samples made from test photos (and, after under-sampling, a different test set) are scored: the difference is what that protocol adds. Under the leak-free protocol the test set is the same real photos for every configuration of an arm.",
    ],
  };
}

/** Table VI: the paper's comparison, with this experiment's best runs added. */
export function tableVI(record: ExperimentRecord, runs: RunIndex): Table {
  const best = (protocol: Protocol, arm: 'real' | 'simulated'): string => {
    const c = selectedConfigurations(record).find((x) => x.arm === arm && x.repeated);
    if (!c) return 'n/a';
    const values = runs.series(protocol, c.id, record.options.runs).map((r) => r.metrics.accuracy);
    return values.length === 0 ? 'n/a' : percent(Math.max(...values));
  };
  const people = (arm: 'real' | 'simulated'): string => String(record.arms.find((a) => a.arm === arm)?.people.length ?? 'n/a');
  const rows: Cell[][] = record.options.protocols.map((p) => [
    cell(`maskface, ${record.options.backbone}, ${p} protocol (best of ${record.options.runs} runs)`),
    cell(`${people('real')} / ${people('simulated')}`),
    cell(best(p, 'real')),
    cell(best(p, 'simulated')),
  ]);
  rows.push([cell('Present study (the paper)'), cell('30'), cell('91.94%'), cell('93.54%')]);
  for (const [classes, real, simulated] of [['50', '91.0%', '83.5%'], ['60', '91.3%', '84.7%'], ['70', '90.1%', '88.9%'], ['100', '89.8%', '88.5%']] as const) {
    rows.push([cell('Hariri [Hariri 2022]'), cell(classes), cell(real), cell(simulated)]);
  }
  return {
    id: 'table-vi',
    caption: 'Table VI. Comparison of results between models with real and simulated masks.',
    header: ['Methodology', 'Number of classes (real / simulated)', 'Accuracy (Real)', 'Accuracy (Simulated)'],
    rows,
    notes: ["Rows other than maskface's are quoted from the paper. Our simulated arm uses other people (LFW) than the real arm (RMFD)."],
  };
}

export function dataTable(record: ExperimentRecord): Table {
  return {
    id: 'table-data',
    caption: 'Prepared data (letterboxed to 160x160, split 80/20 per person and group with the seed).',
    header: ['Arm', 'Source', 'People', 'Unmasked photos', 'Masked photos', 'Train / test photos', 'No face (not masked)', 'Near-duplicates (leak-free split)', 'Data hash (SHA-256)'],
    rows: record.arms.map((a) => [
      cell(a.arm),
      cell(a.source),
      cell(String(a.people.length)),
      cell(String(a.photos.unmasked)),
      cell(String(a.photos.masked)),
      cell(`${a.split.train} / ${a.split.test}`),
      cell(a.arm === 'simulated' ? String(a.noFace) : 'n/a'),
      cell(a.nearDuplicates),
      cell(a.dataHash),
    ]),
    notes: [
      'The data hash covers every kept photo: person, group, split and the SHA-256 of its source bytes (manifest.json in the prepared folder lists them).',
      "Near-duplicates (frames of one event, re-encodings) are kept on one side of the split, so the leak-free protocol tests on photos unlike any in training; the paper protocol re-splits after balancing and does not keep them apart. 'not grouped': the paper's plain split (--no-group).",
    ],
  };
}
