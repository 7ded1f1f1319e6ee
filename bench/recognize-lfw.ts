/**
 * Open-set recognition on LFW (issue 8's check): 20 people enrolled from 3 unmasked photos each
 * (plus synthetic masked versions, as `maskface enroll` does: ENROLMENT_MASKS), scored by the
 * gallery's rule (`GalleryIndex`: mean of a person's 3 best samples), their other photos probed with a
 * synthetic mask of a random type and colour, and lfw-strangers photos that must be rejected.
 * The threshold is calibrated on one half of the strangers (target FAR) and the rejection rate is
 * measured on the other half, so no number is measured on the data that chose it. The same probes
 * and held-out strangers are also scored as a user's gallery scores them, with no calibration step:
 * the thresholds the gallery sets itself from the shipped stranger cohort (issue 14), each face
 * routed to the masked or unmasked threshold by the gallery's mask classifier.
 *
 *   node --import tsx bench/recognize-lfw.ts [--embedder faceres+upper] [--crop-scale 1.4] [--far 0.05]
 *        [--probes-per-person 8] [--strangers 200] [--no-flip] [--dev]
 *
 * `--dev` is the development set: 20 other LFW people (halfway between the standard ones in this
 * order), strangers 200-399 and other probe-mask seeds, for trying ideas without touching the
 * standard people and strangers.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDetector } from '../src/face/index.js';
import { load as loadLandmarks68 } from '../src/face/landmarks68/index.js';
import type { FaceDetection } from '../src/face/types.js';
import { decodeImage } from '../src/image/io.js';
import type { RgbImage } from '../src/image/types.js';
import { insertMask } from '../src/mask/index.js';
import { loadCohort } from '../src/methods/cohort/cohort.js';
import { COHORT_FAR, cohortBestScores, cohortCalibration, currentCohortCalibration } from '../src/recognize/cohort/cohort-calibration.js';
import { loadMaskClassifier } from '../src/recognize/mask-classifier.js';
import { rateAtOrAbove, thresholdForFar } from '../src/recognize/calibrate.js';
import { fusedSpecs } from '../src/methods/face-crop.js';
import { loadFaceEncoder } from '../src/recognize/face-encoder.js';
import { DEFAULT_EMBEDDER } from '../src/recognize/embedder-names.js';
import type { GalleryEmbedding } from '../src/recognize/gallery.js';
import { ENROLMENT_MASKS } from '../src/recognize/landmark-mask-synthesizer.js';
import { GalleryIndex, SCORE_RULE } from '../src/recognize/open-set.js';
import { l2Normalize } from '../src/methods/similarity.js';

const { values } = parseArgs({
  options: {
    embedder: { type: 'string', default: DEFAULT_EMBEDDER },
    'crop-scale': { type: 'string' },
    far: { type: 'string', default: '0.05' },
    people: { type: 'string', default: '20' },
    'probes-per-person': { type: 'string', default: '8' },
    strangers: { type: 'string', default: '200' },
    'no-synthetic': { type: 'boolean', default: false },
    'no-flip': { type: 'boolean', default: false },
    dev: { type: 'boolean', default: false },
  },
});
const LFW = resolve('../shared/datasets/lfw');
const STRANGERS = resolve('../shared/datasets/lfw-strangers');
const ENROL_PHOTOS = 3;

const detector = await loadDetector({ kind: 'mtcnn' });
const landmarks = await loadLandmarks68();
const encoder = await loadFaceEncoder(values.embedder, { ...(values['crop-scale'] === undefined ? {} : { scale: Number(values['crop-scale']) }), ...(values['no-flip'] ? { flip: false } : {}) });

/** LFW photos are centred on the labelled person: take the face nearest the centre. */
async function centralFace(image: RgbImage): Promise<FaceDetection | undefined> {
  const faces = await detector.detect(image, { minScore: 0.8 });
  const d = (f: FaceDetection): number => Math.hypot(f.box.x + f.box.width / 2 - image.width / 2, f.box.y + f.box.height / 2 - image.height / 2);
  return [...faces].sort((a, b) => d(a) - d(b))[0];
}

const allPeople = readdirSync(LFW).sort();
const step = Math.floor(allPeople.length / Number(values.people));
const people = allPeople.filter((_, i) => i % step === (values.dev ? Math.floor(step / 2) : 0)).slice(0, Number(values.people));
const started = performance.now();
const gallery: GalleryEmbedding[] = [];
const probes: Array<{ person: string; vector: Float32Array }> = [];
/** The same probe photos without a mask (issue 24: unmasked faces must stay named). */
const unmaskedProbes: Array<{ person: string; vector: Float32Array }> = [];
const strangerVectors: Float32Array[] = [];
/** The lfw-strangers person of each stranger vector (and of each masked copy, in order). */
const strangerPeople: string[] = [];
const maskedStrangerPeople: string[] = [];
/** The held-out strangers again, each with a random synthetic mask: the masked threshold's impostors. */
const maskedStrangerVectors: Float32Array[] = [];
let noFace = 0;
let seed = values.dev ? 5000 : 100;
for (const person of people) {
  const files = readdirSync(join(LFW, person)).sort();
  for (const [i, file] of files.slice(0, ENROL_PHOTOS + Number(values['probes-per-person'])).entries()) {
    const image = await decodeImage(join(LFW, person, file));
    const face = await centralFace(image);
    if (face === undefined) { noFace++; continue; }
    const points = await landmarks.detect(image, face.box);
    if (i < ENROL_PHOTOS) {
      gallery.push({ person, kind: 'unmasked', vector: l2Normalize(await encoder.encode(image, face)) });
      if (values['no-synthetic']) continue;
      for (const mask of ENROLMENT_MASKS) gallery.push({ person, kind: 'synthetic-masked', vector: l2Normalize(await encoder.encode(insertMask(image, points, mask), face)) });
    } else {
      // Probe masks are drawn at random (type, colour, pattern), unlike the fixed enrolment masks.
      const masked = insertMask(image, points, { type: 'random', color: 'random', pattern: 'random', seed: seed++ });
      probes.push({ person, vector: await encoder.encode(masked, face) });
      unmaskedProbes.push({ person, vector: await encoder.encode(image, face) });
    }
  }
}
const strangerScores: number[] = [];
const index = new GalleryIndex(gallery);
const strangersFrom = values.dev ? 200 : 0;
for (const name of readdirSync(STRANGERS).sort().slice(strangersFrom, strangersFrom + Number(values.strangers))) {
  const dir = join(STRANGERS, name);
  for (const file of readdirSync(dir)) {
    const image = await decodeImage(join(dir, file));
    const face = await centralFace(image);
    if (face === undefined) { noFace++; continue; }
    const vector = await encoder.encode(image, face);
    if (strangerVectors.length % 2 === 1) {
      const points = await landmarks.detect(image, face.box);
      maskedStrangerVectors.push(await encoder.encode(insertMask(image, points, { type: 'random', color: 'random', pattern: 'random', seed: seed++ }), face));
      maskedStrangerPeople.push(name);
    }
    strangerVectors.push(vector);
    strangerPeople.push(name);
    strangerScores.push(index.rank(vector)[0]!.score);
  }
}
const calibration = strangerScores.filter((_, i) => i % 2 === 0);
const heldOut = strangerScores.filter((_, i) => i % 2 === 1);
const { threshold } = thresholdForFar(calibration, Number(values.far));
const ranked = probes.map((p) => ({ person: p.person, best: index.rank(p.vector)[0]! }));
const top1 = ranked.filter((r) => r.best.name === r.person).length / ranked.length;
const openSet = ranked.filter((r) => r.best.name === r.person && r.best.score >= threshold).length / ranked.length;
const rejected = 1 - rateAtOrAbove(heldOut, threshold);
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
const upper = `${encoder.crop.upper === undefined ? '' : `, upper view ${encoder.crop.upper.fraction} of the chip weighted ${encoder.crop.upper.weight}`}${fusedSpecs(encoder.crop).map((f) => `, ${f.embedder} (${f.align === 'arcface' ? 'ArcFace-aligned' : `${f.scale}x`} chip) weighted ${f.weight}`).join('')}`;
console.log(`embedder ${encoder.name}, crop ${encoder.crop.align === 'arcface' ? 'ArcFace-aligned' : `scale ${encoder.crop.scale} x box`}, ${encoder.crop.size} px${encoder.crop.flip === true ? ', flip' : ''}${upper}; detector mtcnn; synthetic enrolment masks ${values['no-synthetic'] ? 'off' : ENROLMENT_MASKS.length}; score ${SCORE_RULE}`);
console.log(`${values.dev ? 'development' : 'standard'} set; gallery: ${people.length} people, ${gallery.length} samples; probes: ${probes.length} masked photos; strangers: ${strangerScores.length} (${calibration.length} calibrate, ${heldOut.length} held out); no face: ${noFace}`);
console.log(`threshold ${threshold.toFixed(4)} (cosine) for target FAR ${pct(Number(values.far))} on the calibration strangers`);
console.log(`masked probes, closed-set top-1: ${pct(top1)}`);
console.log(`masked probes, open-set top-1 (right person and above threshold): ${pct(openSet)}`);
console.log(`held-out strangers rejected: ${pct(rejected)}`);
const cohort = currentCohortCalibration(undefined, encoder.name, gallery);
const maskClassifier = loadMaskClassifier(encoder.name);
if (cohort?.thresholds === undefined || maskClassifier === undefined) {
  console.log(`no cohort thresholds or mask classifier for ${encoder.name}: the out-of-the-box rows are skipped`);
} else {
  // Each vector's best match and mask verdict, once: every threshold pair below reuses them.
  const scored = (vectors: readonly Float32Array[]): Array<{ best: { name: string; score: number }; masked: boolean }> =>
    vectors.map((v) => ({ best: index.rank(v)[0]!, masked: maskClassifier.classify(v).masked }));
  const probeScores = scored(probes.map((p) => p.vector));
  const heldOut = scored(strangerVectors.filter((_, i) => i % 2 === 1));
  const maskedHeldOut = scored(maskedStrangerVectors);
  const outcome = (t: { masked: number; unmasked: number }): { named: number; rejected: number; maskedRejected: number } => {
    const above = (s: { best: { score: number }; masked: boolean }): boolean => s.best.score >= (s.masked ? t.masked : t.unmasked);
    const rejectedShare = (list: typeof heldOut): number => list.filter((s) => !above(s)).length / list.length;
    return {
      named: probeScores.filter((s, i) => s.best.name === probes[i]!.person && above(s)).length / probes.length,
      rejected: rejectedShare(heldOut),
      maskedRejected: rejectedShare(maskedHeldOut),
    };
  };
  const { masked, unmasked } = cohort.thresholds;
  const inForce = outcome(cohort.thresholds);
  console.log(`out of the box (no calibration step): cohort thresholds masked ${masked.toFixed(4)}, unmasked ${unmasked.toFixed(4)} (${pct(cohort.targetFars?.unmasked ?? cohort.targetFar)} / ${pct(cohort.targetFars?.masked ?? cohort.targetFar)} FAR on the shipped cohort's unmasked / masked side); mask classifier called ${probeScores.filter((s) => s.masked).length} of ${probes.length} probes masked`);
  console.log(`  masked probes, open-set top-1: ${pct(inForce.named)}; held-out strangers rejected: ${pct(inForce.rejected)}; the same strangers with a random mask rejected: ${pct(inForce.maskedRejected)} (${maskedStrangerVectors.length})`);
  const unmaskedScores = scored(unmaskedProbes.map((p) => p.vector));
  const unmaskedNamed = unmaskedScores.filter((s2, i) => s2.best.name === unmaskedProbes[i]!.person && s2.best.score >= (s2.masked ? masked : unmasked)).length;
  console.log(`  the same probe photos without a mask, open-set top-1: ${pct(unmaskedNamed / unmaskedProbes.length)} (${unmaskedNamed} of ${unmaskedProbes.length}; mask classifier called ${unmaskedScores.filter((s2) => s2.masked).length} masked)`);
  // The trade-off of the masked side's target rate (the unmasked side stays at COHORT_FAR): masked
  // probes named against masked strangers rejected. (The dev numbers in COHORT_MASKED_FAR's comment
  // came from a run that moved both sides together; the masked columns depend on the masked side only.)
  const shipped = loadCohort(encoder.name)!;
  const best = cohortBestScores(shipped, gallery);
  for (const far of [0.02, 0.05, 0.1, 0.2]) {
    const t = cohortCalibration(shipped, encoder.name, best, gallery.length, COHORT_FAR, far).thresholds!;
    const o = outcome(t);
    console.log(`  masked side's rate ${pct(far)}: thresholds masked ${t.masked.toFixed(4)}, unmasked ${t.unmasked.toFixed(4)}; masked probes named ${pct(o.named)}; strangers rejected ${pct(o.rejected)}, with a random mask ${pct(o.maskedRejected)}`);
  }
}
// Score normalisation against the shipped cohort (adaptive T-norm, a measurement for a next step,
// not what the gallery does): a probe's best score minus the mean of its TNORM_TOP highest cosines
// to the cohort, over their spread, so that a masked face, which scores high against everything
// masked, is judged against other faces in the same state. One threshold, set at COHORT_FAR on the
// cohort itself (each cohort photo normalised against the others, its own person left out). On
// --dev the held-out strangers are cohort people (lfw-strangers 200-399): each is normalised without
// its own person's cohort vectors, but the threshold was set on them; the standard set has no overlap.
const TNORM_TOP = 50;
const tnormCohort = loadCohort(encoder.name);
if (tnormCohort !== undefined) {
  const personOf = (label: string): string => label.split('/')[1] ?? label;
  const cohortPeople = tnormCohort.labels.map(personOf);
  const stats = (v: Float32Array, leaveOut?: string): { mean: number; spread: number } => {
    const scores: number[] = [];
    tnormCohort.vectors.forEach((c, j) => {
      if (cohortPeople[j] === leaveOut) return;
      let d = 0;
      for (let k = 0; k < v.length; k++) d += v[k]! * c[k]!;
      scores.push(d);
    });
    const top = scores.sort((a, b) => b - a).slice(0, TNORM_TOP);
    const mean = top.reduce((a, b) => a + b, 0) / top.length;
    const spread = Math.sqrt(top.reduce((a, b) => a + (b - mean) ** 2, 0) / top.length) || 1e-6;
    return { mean, spread };
  };
  const normalised = (v: Float32Array, leaveOut?: string): { name: string; score: number } => {
    const best = index.rank(v)[0]!;
    const { mean, spread } = stats(v, leaveOut);
    return { name: best.name, score: (best.score - mean) / spread };
  };
  const cohortScores = tnormCohort.vectors.map((v, j) => normalised(v, cohortPeople[j]).score);
  for (const far of [COHORT_FAR, 0.05]) {
    const { threshold: z } = thresholdForFar(cohortScores, far);
    const named = probes.filter((p) => { const r = normalised(p.vector); return r.name === p.person && r.score >= z; }).length / probes.length;
    const rejectedOf = (vectors: readonly Float32Array[], people: readonly string[]): number => vectors.filter((v, i) => normalised(v, people[i]).score < z).length / vectors.length;
    const odd = <T>(list: readonly T[]): T[] => list.filter((_, i) => i % 2 === 1);
    console.log(`adaptive T-norm (top ${TNORM_TOP} of the cohort), one threshold ${z.toFixed(3)} at ${pct(far)} of the cohort: masked probes named ${pct(named)}; held-out strangers rejected ${pct(rejectedOf(odd(strangerVectors), odd(strangerPeople)))}, with a random mask ${pct(rejectedOf(maskedStrangerVectors, maskedStrangerPeople))}`);
  }
}
console.log(`time ${((performance.now() - started) / 1000).toFixed(0)} s`);
encoder.dispose();
landmarks.dispose();
detector.dispose();
