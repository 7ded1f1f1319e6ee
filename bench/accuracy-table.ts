/** The accuracy benchmark's table: mean ± standard deviation over folds x seeds, the paper beside it. */

export interface FoldResult {
  /** Closed-set top-1 on the fold's masked photos, %. */
  readonly masked: number;
  /** Closed-set top-1 on the fold's unmasked photos, %. */
  readonly unmasked: number;
  /** Strangers answered `unknown`, %. */
  readonly rejection: number;
  /** Masked photos named right and accepted (open-set), %. */
  readonly maskedOpen: number;
}

/**
 * The paper's Table IV/V (VGG16 + dense head, RMFD 30 people): mean ± std of 5 runs, with SMOTE
 * applied before its 80/20 split, so synthetic copies of test photos were in training; no open-set test.
 */
export const PAPER_ROWS: ReadonlyArray<readonly [string, string]> = [
  ['paper: real masks + SMOTE (Table V; best run 91.94 %)', '91.47 ± 0.38'],
  ['paper: simulated masks + SMOTE (Table V; best run 93.54 %)', '93.06 ± 0.41'],
  ['paper: real masks, no balancing (Table IV, one run)', '82.75'],
];

export function meanStd(values: readonly number[]): string {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1) : 0;
  return `${mean.toFixed(1)} ± ${Math.sqrt(variance).toFixed(1)}`;
}

/** Synthetic masks in the paper: its own masked copies of RMFD photos (Table V), not LFW. */
export const LFW_PAPER_ROWS: ReadonlyArray<readonly [string, string]> = [['paper: simulated masks on RMFD + SMOTE (Table V)', '93.06 ± 0.41']];

export function formatTable(results: ReadonlyMap<string, readonly FoldResult[]>, paperRows: ReadonlyArray<readonly [string, string]> = PAPER_ROWS): string {
  const header = ['method', 'masked top-1 %', 'unmasked top-1 %', 'stranger rejection %', 'masked open-set %'];
  const rows: string[][] = [];
  for (const [name, list] of results) {
    rows.push([name, meanStd(list.map((r) => r.masked)), meanStd(list.map((r) => r.unmasked)), meanStd(list.map((r) => r.rejection)), meanStd(list.map((r) => r.maskedOpen))]);
  }
  for (const [name, value] of paperRows) rows.push([name, value, '-', '-', '-']);
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
  return lines.join('\n');
}
