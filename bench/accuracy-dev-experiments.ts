/**
 * Closed-set experiments of the development protocol (issue 10): one projection + classifier
 * configuration, cross-validated on the dev people, masked and unmasked top-1 per fold. Cheap
 * (one fit per fold, no open-set threshold), so a grid of settings fits in minutes; the settings
 * that win are then run with thresholds through `trainLdaRecognizer`.
 */
import { type Projection, fitLda, fitPca, project } from '../src/methods/projection.js';
import { ClassMeans } from '../src/methods/class-means.js';
import { dot, mean, unit } from '../src/methods/vectors.js';
import type { BenchPhoto } from './accuracy-data.js';
import { stratifiedFolds } from './accuracy-folds.js';
import type { FoldResult } from './accuracy-table.js';

export interface DevSample {
  readonly photo: BenchPhoto;
  readonly vector: Float32Array;
  /** Flip-averaged vector (undefined when a mirror view is missing). */
  readonly flipped?: Float32Array;
  /** Synthetic-mask copies of this (unmasked) photo, in variant order. */
  readonly synthetic: readonly Float32Array[];
}

export type ClassifierName = 'group-means' | 'class-mean' | '1nn' | '3nn' | 'logreg' | 'means+nn';

export interface DevConfig {
  readonly name: string;
  readonly flip?: boolean;
  /** With `flip`: the background photos flip-averaged too (default true); false: their plain vectors. */
  readonly flipBackground?: boolean;
  /** Synthetic-mask copies per unmasked TRAINING photo added as masked training samples. */
  readonly synthetic?: number;
  /**
   * Where the synthetic copies go: `all` (projection and the person's masked mean), `projection`
   * (LDA only: they shape the within-class scatter, the class means stay real photos), `group`
   * (projection, and a third mean per person). Default `all`.
   */
  readonly syntheticUse?: 'all' | 'projection' | 'group';
  readonly background: boolean;
  readonly pcaDimensions: number;
  readonly shrinkage: number;
  readonly ldaDimensions?: number;
  readonly classifier: ClassifierName;
  /** Drop training photos closer (cosine, projected) to another person's mean than to their own by more than this. */
  readonly outlierMargin?: number;
}

interface Projected {
  readonly y: Float32Array;
  readonly label: string;
  readonly group: string;
}

type Scorer = (y: Float32Array) => string;

function nearestNeighbours(train: readonly Projected[], k: number): Scorer {
  const units = train.map((t) => ({ label: t.label, v: unit(t.y) }));
  return (y) => {
    const probe = unit(y);
    const scored = units.map((u) => ({ label: u.label, s: dot(probe, u.v) })).sort((a, b) => b.s - a.s).slice(0, k);
    const votes = new Map<string, number>();
    for (const s of scored) votes.set(s.label, (votes.get(s.label) ?? 0) + s.s);
    return [...votes].sort((a, b) => b[1] - a[1])[0]![0];
  };
}

/** Multinomial logistic regression on unit-length projected vectors, L2-regularised, full-batch gradient descent. */
function logisticRegression(train: readonly Projected[], iterations = 200, rate = 2, l2 = 1e-3, scale = 8): Scorer {
  const labels = [...new Set(train.map((t) => t.label))].sort();
  const c = labels.length;
  const k = train[0]!.y.length;
  const xs = train.map((t) => unit(t.y).map((v) => v * scale));
  const ys = train.map((t) => labels.indexOf(t.label));
  const w = new Float64Array(c * k);
  const b = new Float64Array(c);
  const gw = new Float64Array(c * k);
  const gb = new Float64Array(c);
  const p = new Float64Array(c);
  const logits = (x: Float32Array, out: Float64Array): void => {
    for (let j = 0; j < c; j++) {
      let s = b[j]!;
      for (let i = 0; i < k; i++) s += w[j * k + i]! * x[i]!;
      out[j] = s;
    }
  };
  for (let it = 0; it < iterations; it++) {
    gw.fill(0);
    gb.fill(0);
    xs.forEach((x, n) => {
      logits(x, p);
      let max = -Infinity;
      for (let j = 0; j < c; j++) max = Math.max(max, p[j]!);
      let sum = 0;
      for (let j = 0; j < c; j++) sum += (p[j] = Math.exp(p[j]! - max));
      for (let j = 0; j < c; j++) {
        const g = p[j]! / sum - (j === ys[n] ? 1 : 0);
        if (g === 0) continue;
        gb[j] = gb[j]! + g;
        for (let i = 0; i < k; i++) gw[j * k + i] = gw[j * k + i]! + g * x[i]!;
      }
    });
    for (let i = 0; i < w.length; i++) w[i] = w[i]! - (rate / scale ** 2) * (gw[i]! / xs.length + l2 * w[i]!);
    for (let j = 0; j < c; j++) b[j] = b[j]! - (rate / scale ** 2) * (gb[j]! / xs.length);
  }
  return (y) => {
    const x = unit(y).map((v) => v * scale);
    logits(x, p);
    let best = 0;
    for (let j = 1; j < c; j++) if (p[j]! > p[best]!) best = j;
    return labels[best]!;
  };
}

function classifier(name: ClassifierName, train: readonly Projected[]): Scorer {
  switch (name) {
    case 'group-means': {
      const means = ClassMeans.fit(train.map((t) => ({ vector: t.y, label: t.label, group: t.group })));
      return (y) => means.rank(y)[0]!.label;
    }
    case 'class-mean': {
      const means = ClassMeans.fit(train.map((t) => ({ vector: t.y, label: t.label, group: 'all' })));
      return (y) => means.rank(y)[0]!.label;
    }
    case '1nn':
      return nearestNeighbours(train, 1);
    case '3nn':
      return nearestNeighbours(train, 3);
    case 'logreg':
      return logisticRegression(train);
    case 'means+nn': {
      // Score = best group-mean cosine + best single-photo cosine of the person.
      const means = ClassMeans.fit(train.map((t) => ({ vector: t.y, label: t.label, group: t.group })));
      const units = train.map((t) => ({ label: t.label, v: unit(t.y) }));
      return (y) => {
        const probe = unit(y);
        const nn = new Map<string, number>();
        for (const u of units) nn.set(u.label, Math.max(nn.get(u.label) ?? -Infinity, dot(probe, u.v)));
        return means.rank(y).map((r) => ({ label: r.label, s: r.score + nn.get(r.label)! })).sort((a, b) => b.s - a.s)[0]!.label;
      };
    }
  }
}

/** Indices of training photos whose projected vector is closer to another person's mean than to their own (leave-one-out) by more than `margin`. */
export function outliers(train: readonly Projected[], margin: number): Set<number> {
  const units = train.map((t) => unit(t.y));
  const byLabel = new Map<string, number[]>();
  train.forEach((t, i) => byLabel.set(t.label, [...(byLabel.get(t.label) ?? []), i]));
  const means = new Map([...byLabel].map(([label, idx]) => [label, unit(mean(idx.map((i) => units[i]!)))]));
  const out = new Set<number>();
  train.forEach((t, i) => {
    const own = byLabel.get(t.label)!.filter((j) => j !== i);
    if (own.length < 2) return;
    const ownScore = dot(units[i]!, unit(mean(own.map((j) => units[j]!))));
    let other = -Infinity;
    for (const [label, m] of means) if (label !== t.label) other = Math.max(other, dot(units[i]!, m));
    if (ownScore - other < -margin) out.add(i);
  });
  return out;
}

export interface DevInput {
  readonly enrolled: readonly DevSample[];
  readonly background: ReadonlyArray<{ readonly vector: Float32Array; readonly label: string }>;
  /** The background with flip-averaged vectors (for `flip` configurations), when cached. */
  readonly backgroundFlipped?: ReadonlyArray<{ readonly vector: Float32Array; readonly label: string }>;
  readonly folds: number;
  readonly seeds: number;
}

/** Widest PCA fitted on the background; narrower ones truncate it (components are sorted by variance). */
export const WIDEST_PCA = 768;

/**
 * The input with every vector replaced by its coordinates in the background's PCA (WIDEST_PCA
 * dimensions), and the identity projection of that space: LDA fitted on these coordinates with the
 * identity as its PCA is the same as LDA on the background PCA of the raw vectors, several times
 * cheaper. Computed once per input.
 */
const reducedInputs = new WeakMap<DevInput, { input: DevInput; identity: Projection }>();

function reducedInput(input: DevInput): { input: DevInput; identity: Projection } {
  let entry = reducedInputs.get(input);
  if (entry !== undefined) return entry;
  const pca = fitPca(input.background.map((b) => b.vector), WIDEST_PCA);
  const r = (v: Float32Array): Float32Array => project(pca, v);
  const k = pca.outputDimension;
  const matrix = new Float32Array(k * k);
  for (let i = 0; i < k; i++) matrix[i * k + i] = 1;
  entry = {
    input: {
      ...input,
      enrolled: input.enrolled.map((s) => ({ photo: s.photo, vector: r(s.vector), ...(s.flipped === undefined ? {} : { flipped: r(s.flipped) }), synthetic: s.synthetic.map(r) })),
      background: input.background.map((b) => ({ vector: r(b.vector), label: b.label })),
    },
    identity: { inputDimension: k, outputDimension: k, mean: new Float32Array(k), matrix },
  };
  reducedInputs.set(input, entry);
  return entry;
}

/** The input whose background is the flip-averaged one (one object per input, so its PCA is cached). */
const flippedInputs = new WeakMap<DevInput, DevInput>();

function flippedBackgroundInput(input: DevInput): DevInput {
  let out = flippedInputs.get(input);
  if (out === undefined) flippedInputs.set(input, (out = { ...input, background: input.backgroundFlipped! }));
  return out;
}

export function runDevConfig(config: DevConfig, givenInput: DevInput): FoldResult[] {
  const flipBackground = config.flip === true && config.background && config.flipBackground !== false;
  if (flipBackground && givenInput.backgroundFlipped === undefined) throw new Error(`${config.name}: the background's mirror views are not cached (run bench/accuracy-dev.ts without --no-extract)`);
  const rawInput = flipBackground ? flippedBackgroundInput(givenInput) : givenInput;
  const reduced = config.background ? reducedInput(rawInput) : undefined;
  const input = reduced?.input ?? rawInput;
  const results: FoldResult[] = [];
  const vectorOf = (s: DevSample): Float32Array => {
    if (config.flip !== true) return s.vector;
    if (s.flipped === undefined) throw new Error(`${s.photo.path}: no mirror-view embeddings cached (run bench:accuracy-dev without --no-extract)`);
    return s.flipped;
  };
  if ((config.synthetic ?? 0) > 0 && input.enrolled.some((s) => s.photo.group === 'unmasked' && s.synthetic.length < config.synthetic!)) {
    throw new Error(`${config.name}: synthetic-mask embeddings missing (run bench:accuracy-dev without --no-extract)`);
  }
  for (let seed = 1; seed <= input.seeds; seed++) {
    const assignment = stratifiedFolds(input.enrolled.map((e) => e.photo), input.folds, seed);
    for (let fold = 0; fold < input.folds; fold++) {
      const train: Array<{ vector: Float32Array; label: string; group: string; synthetic?: boolean }> = [];
      const use = config.syntheticUse ?? 'all';
      input.enrolled.forEach((s, i) => {
        if (assignment[i] === fold) return;
        train.push({ vector: vectorOf(s), label: s.photo.person, group: s.photo.group });
        for (const v of s.synthetic.slice(0, config.synthetic ?? 0)) train.push({ vector: v, label: s.photo.person, group: use === 'group' ? 'synthetic' : 'masked', synthetic: true });
      });
      const background = config.background ? input.background.map((b) => ({ vector: b.vector, label: `background:${b.label}` })) : [];
      const lda = { pcaDimensions: config.pcaDimensions, ldaDimensions: config.ldaDimensions ?? 0, shrinkage: config.shrinkage };
      const fit = (samples: typeof train): Projection => {
        const labelled = [...samples.map((t) => ({ vector: t.vector, label: t.label })), ...background];
        return fitLda(labelled, lda, reduced?.identity ?? fitPca(labelled.map((l) => l.vector), config.pcaDimensions));
      };
      let projection = fit(train);
      let kept = train;
      if (config.outlierMargin !== undefined) {
        const drop = outliers(train.map((t) => ({ y: project(projection, t.vector), label: t.label, group: t.group })), config.outlierMargin);
        if (drop.size > 0) {
          kept = train.filter((_, i) => !drop.has(i));
          projection = fit(kept);
        }
      }
      const scorer = classifier(config.classifier, kept.filter((t) => use !== 'projection' || t.synthetic !== true).map((t) => ({ y: project(projection, t.vector), label: t.label, group: t.group })));
      const hits = { masked: [0, 0], unmasked: [0, 0] };
      input.enrolled.forEach((s, i) => {
        if (assignment[i] !== fold) return;
        const tally = s.photo.group === 'masked' ? hits.masked : hits.unmasked;
        tally[0]! += scorer(project(projection, vectorOf(s))) === s.photo.person ? 1 : 0;
        tally[1]!++;
      });
      const rate = ([hit, n]: number[]): number => (100 * hit!) / n!;
      results.push({ masked: rate(hits.masked), unmasked: rate(hits.unmasked), rejection: Number.NaN, maskedOpen: Number.NaN });
    }
  }
  return results;
}
