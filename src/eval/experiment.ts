/**
 * `runExperiment`: the paper's section 4 in one call. Prepares the real and simulated arms, then
 * for each protocol, configuration and run trains and evaluates, saving each finished run as JSON;
 * a run whose file exists is skipped, so an interrupted experiment resumes where it stopped. Ends by
 * writing the report.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { MaskfaceError } from '../errors.js';
import { prepareArm, type ArmDependencies, type PreparedArm } from './arms.js';
import { CONFIGURATIONS, runsOf, seedOfRun, type Arm, type Configuration, type Protocol } from './configurations.js';
import { resolveExperimentOptions, resultFingerprint, resultRelevantOptions, type ExperimentOptions, type ExperimentOptionsInput } from './experiment-options.js';
import { readExperimentRecord, writeExperimentRecord, type ArmSummary, type ExperimentRecord } from './experiment-record.js';
import { describeMachine, type MachineInfo } from './machine.js';
import { computeMetrics, confusionMatrix } from './metrics.js';
import { writeReport, type WrittenReport } from './report.js';
import { readRunResult, runResultPath, writeRunResult, type RunResult } from './run-result.js';
import { learningRateDrops, type EpochRecord, type TrainAndEvaluate } from './trainer.js';

export interface ExperimentDependencies extends ArmDependencies {
  readonly trainAndEvaluate: TrainAndEvaluate;
  /** The machine to record; default: this one. */
  readonly machine?: () => MachineInfo;
  /** Wall clock in ms for run times; default performance.now. */
  readonly clock?: () => number;
  /** The date recorded as the experiment's start; default now. */
  readonly now?: () => Date;
  readonly onEpoch?: (label: string, epoch: EpochRecord, epochs: number) => void;
}

export interface ExperimentOutcome {
  readonly report: WrittenReport;
  /** Runs trained by this call. */
  readonly trained: number;
  /** Runs found finished and skipped. */
  readonly skipped: number;
}

function summarise(reportDir: string, a: PreparedArm): ArmSummary {
  const count = (pick: (e: PreparedArm['manifest']['entries'][number]) => boolean): number => a.manifest.entries.filter(pick).length;
  return {
    arm: a.arm,
    source: a.source,
    dir: relative(reportDir, a.dir),
    people: [...a.people],
    photos: { masked: count((e) => e.group === 'masked'), unmasked: count((e) => e.group === 'unmasked') },
    split: { train: count((e) => e.split === 'train'), test: count((e) => e.split === 'test') },
    dataHash: a.dataHash,
    noFace: a.noFace.length,
    nearDuplicates: a.nearDuplicates,
  };
}

async function startRecord(o: ExperimentOptions, commandLine: string, machine: MachineInfo, now: Date): Promise<ExperimentRecord> {
  const fingerprint = resultFingerprint(o);
  const previous = await readExperimentRecord(o.out);
  if (previous && previous.fingerprint !== fingerprint) {
    throw new MaskfaceError(
      'MF_INVALID_ARGUMENT',
      previous.options.nearDuplicate === null && o.nearDuplicate !== null
        ? `--out ${o.out}: holds an experiment made with the plain split, before near-duplicate grouping (${previous.commandLine}). Add --no-group to resume it, or give a new --out folder for the grouped split.`
        : `--out ${o.out}: holds an experiment made with other options (${previous.commandLine}). Give the same options to resume it, or a new --out folder.`,
      { file: o.out },
    );
  }
  return {
    version: 1,
    fingerprint,
    commandLine,
    startedAt: previous?.startedAt ?? now.toISOString(),
    options: { ...resultRelevantOptions(o), runs: o.runs, protocols: [...o.protocols], only: o.only ?? null },
    machine,
    arms: previous?.arms ?? [],
  };
}

export async function runExperiment(input: ExperimentOptionsInput, deps: ExperimentDependencies, commandLine: string): Promise<ExperimentOutcome> {
  const o = resolveExperimentOptions(input);
  const clock = deps.clock ?? (() => performance.now());
  await mkdir(o.out, { recursive: true });
  let record = await startRecord(o, commandLine, (deps.machine ?? describeMachine)(), (deps.now ?? (() => new Date()))());
  await writeExperimentRecord(o.out, record);

  const configurations = CONFIGURATIONS.filter((c) => o.only === undefined || o.only.includes(c.id));
  const arms = new Map<Arm, PreparedArm>();
  for (const arm of [...new Set(configurations.map((c) => c.arm))]) {
    const prepared = await prepareArm(
      {
        arm,
        source: arm === 'real' ? o.real : o.simulated,
        dataRoot: join(o.out, 'data'),
        people: o.people,
        ...(o.maxPhotos !== undefined && { maxPhotos: o.maxPhotos }),
        seed: o.seed,
        maskType: o.maskType,
        maskColor: o.maskColor,
        nearDuplicate: o.nearDuplicate,
      },
      deps,
    );
    arms.set(arm, prepared);
  }
  record = { ...record, arms: [...arms.values()].map((a) => summarise(o.out, a)) };
  await writeExperimentRecord(o.out, record);

  let trained = 0;
  let skipped = 0;
  for (const protocol of o.protocols) {
    for (const c of configurations) {
      for (let run = 1; run <= runsOf(c, o.runs); run++) {
        const path = runResultPath(o.out, protocol, c.id, run);
        const existing = await readRunResult(path);
        if (existing?.fingerprint === record.fingerprint && existing.dataHash === arms.get(c.arm)!.dataHash) {
          skipped++;
          continue;
        }
        await writeRunResult(path, await trainOne(o, record.fingerprint, arms.get(c.arm)!, protocol, c, run, deps, clock));
        if (!o.keepModels) await rm(modelDirOf(o, protocol, c, run), { recursive: true, force: true });
        trained++;
      }
    }
  }
  return { report: await writeReport(o.out), trained, skipped };
}

const modelDirOf = (o: ExperimentOptions, protocol: Protocol, c: Configuration, run: number): string => join(o.out, 'models', protocol, c.id, `run-${run}`);

async function trainOne(
  o: ExperimentOptions,
  fingerprint: string,
  arm: PreparedArm,
  protocol: Protocol,
  c: Configuration,
  run: number,
  deps: ExperimentDependencies,
  clock: () => number,
): Promise<RunResult> {
  const seed = seedOfRun(o.seed, run);
  const label = `${protocol} ${c.id} run ${run}`;
  deps.log?.(`training ${label} (${o.backbone}, ${o.epochs} epochs, learning rate ${o.learningRate}, batch ${o.batchSize}, seed ${seed}) ...`);
  const started = clock();
  const outcome = await deps.trainAndEvaluate({
    dataDir: arm.dir,
    backbone: o.backbone,
    balance: c.balance,
    protocol,
    epochs: o.epochs,
    learningRate: o.learningRate,
    batchSize: o.batchSize,
    patience: o.patience,
    seed,
    k: o.k,
    smallClass: o.smallClass,
    modelDir: modelDirOf(o, protocol, c, run),
    ...(deps.onEpoch && { onEpoch: (epoch: EpochRecord, epochs: number) => deps.onEpoch!(label, epoch, epochs) }),
  });
  const total = (clock() - started) / 1000;
  const metrics = computeMetrics(outcome.predictions);
  deps.log?.(`${label}: accuracy ${(metrics.accuracy * 100).toFixed(2)}%, masked ${metrics.maskedAccuracy === null ? 'n/a' : `${(metrics.maskedAccuracy * 100).toFixed(2)}%`} in ${total.toFixed(1)} s`);
  return {
    version: 1,
    fingerprint,
    protocol,
    configuration: c.id,
    dataHash: arm.dataHash,
    run,
    seed,
    backbone: o.backbone,
    epochs: o.epochs,
    counts: { ...outcome.counts },
    history: outcome.history.map((e) => ({ epoch: e.epoch, loss: Number.isFinite(e.loss) ? e.loss : null, accuracy: e.accuracy, valAccuracy: e.valAccuracy, lr: e.lr })),
    bestEpoch: outcome.bestEpoch,
    lrDrops: learningRateDrops(outcome.history),
    predictions: {
      classes: [...outcome.predictions.classes],
      truth: [...outcome.predictions.truth],
      predicted: [...outcome.predictions.predicted],
      kinds: [...outcome.predictions.kinds],
    },
    metrics,
    confusion: confusionMatrix(outcome.predictions),
    seconds: { train: outcome.trainSeconds, evaluate: outcome.evaluateSeconds, total },
  };
}
