/**
 * `writeReport(reportDir)`: reads experiment.json and every runs/<protocol>/<configuration>/run-<k>.json,
 * draws the figures and writes report.md and report.html, all atomically. It reads nothing else, so
 * the same run files always give the same report.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MaskfaceError } from '../errors.js';
import { writeFileAtomic } from '../image/io.js';
import { CONFIGURATIONS, type Protocol } from './configurations.js';
import { EXPERIMENT_FILE, readExperimentRecord, type ExperimentRecord } from './experiment-record.js';
import { renderConfusionMatrix } from './plots/confusion-plot.js';
import { renderTrainingCurves } from './plots/training-curves.js';
import { buildDocument, figureSpecs } from './report-document.js';
import { renderHtml, renderMarkdown } from './report-render.js';
import { RunIndex } from './report-tables.js';
import { readRunResult, RUNS_DIR, type RunResult } from './run-result.js';

export const REPORT_MARKDOWN = 'report.md';
export const REPORT_HTML = 'report.html';

/** Every run file of the report folder made with the experiment's options on its current data. */
export async function readRuns(reportDir: string, record: ExperimentRecord): Promise<RunResult[]> {
  const runs: RunResult[] = [];
  const root = join(reportDir, RUNS_DIR);
  const files = await readdir(root, { recursive: true }).catch(() => [] as string[]);
  const dataHashOf = (configuration: string): string | undefined => {
    const arm = CONFIGURATIONS.find((c) => c.id === configuration)?.arm;
    return record.arms.find((a) => a.arm === arm)?.dataHash;
  };
  for (const file of files.filter((f) => /run-\d+\.json$/.test(f)).sort()) {
    const run = await readRunResult(join(root, file));
    if (run && run.fingerprint === record.fingerprint && run.dataHash === dataHashOf(run.configuration)) runs.push(run);
  }
  return runs;
}

export interface WrittenReport {
  readonly markdown: string;
  readonly html: string;
  readonly figures: readonly string[];
  readonly runs: number;
}

export async function writeReport(reportDir: string): Promise<WrittenReport> {
  const record = await readExperimentRecord(reportDir);
  if (!record) {
    throw new MaskfaceError('MF_FILE_NOT_FOUND', `${join(reportDir, EXPERIMENT_FILE)}: no experiment here. Run \`maskface experiment --out ${reportDir} ...\` first.`, { file: reportDir });
  }
  const runList = await readRuns(reportDir, record);
  const runs = new RunIndex(runList);
  const figures = figureSpecs(record, runs);
  for (const f of figures) {
    const run = runs.get(f.protocol as Protocol, f.configuration, 1)!;
    const c = CONFIGURATIONS.find((x) => x.id === f.configuration)!;
    const title = `${c.datasetLabel} w/ ${c.balancingLabel === '-' ? 'no balancing' : c.balancingLabel}, ${f.protocol} protocol`;
    const png =
      f.kind === 'curves'
        ? await renderTrainingCurves({ title: `Accuracy: ${title}`, history: run.history, lrDrops: run.lrDrops, bestEpoch: run.bestEpoch })
        : await renderConfusionMatrix({ title: `Confusion: ${title}`, classes: run.predictions.classes, matrix: run.confusion });
    await writeFileAtomic(join(reportDir, f.path), png);
  }
  const blocks = buildDocument(record, runs, figures);
  const markdown = join(reportDir, REPORT_MARKDOWN);
  const html = join(reportDir, REPORT_HTML);
  await writeFileAtomic(markdown, renderMarkdown(blocks));
  await writeFileAtomic(html, renderHtml(blocks));
  return { markdown, html, figures: figures.map((f) => join(reportDir, f.path)), runs: runList.length };
}
