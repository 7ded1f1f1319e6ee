/**
 * The development grid behind `fit-backbone`'s defaults (FIT_DEFAULTS, docs/models.md): fine-tunes
 * MobileFace's descriptor layer under each setting on the people of scripts/fit-backbone/ and prints
 * the development score (30 RMFD development people: masked photos against unmasked means, unmasked
 * photos left out of their own mean) every few epochs. Trunk features are cached in --work.
 *
 *   node --import tsx bench/fit-backbone-grid.ts [--datasets ../shared/datasets] [--work /tmp/maskface-fit] [--epochs 40] [--grid lr=1e-4,3e-4;margin=0.35]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getTf } from '../src/engine/tf.js';
import { trainCosfaceHead, type CosfaceHeadOptions } from '../src/methods/cosface-head.js';
import { readPeopleList } from '../src/data/people-list.js';
import { FIT_DEFAULTS, fitInputs } from '../src/train/fit-backbone/fit.js';
import { devScore } from '../src/train/fit-backbone/dev-score.js';

const { values } = parseArgs({ options: {
  datasets: { type: 'string', default: '../shared/datasets' },
  work: { type: 'string', default: '/tmp/maskface-fit' },
  epochs: { type: 'string', default: String(FIT_DEFAULTS.head.epochs) },
  every: { type: 'string', default: '5' },
  grid: { type: 'string', default: 'learningRate=1e-4,3e-4,1e-3;margin=0.35' },
} });
const datasets = resolve(values.datasets);
const tf = await getTf();
const started = Date.now();
const inputs = await fitInputs({
  datasets: [`${datasets}/rmfd-subset`, `${datasets}/lfw`],
  trainPeople: new Set(await readPeopleList('scripts/fit-backbone/train-people.txt')),
  devPeople: new Set(await readPeopleList('scripts/fit-backbone/dev-people.txt')),
  out: resolve(values.work),
  log: (line) => console.log(line),
  onExtract: (done, total) => { if (done % 250 === 0 || done === total) console.log(`  trunk features ${done}/${total}, ${((Date.now() - started) / 1000).toFixed(0)} s`); },
});
const pct = (x: number): string => (100 * x).toFixed(1);
console.log(`shipped layer: masked ${pct(inputs.before.masked)} %, unmasked ${pct(inputs.before.unmasked)} % (${inputs.samples.length} training vectors)`);

// "key=v1,v2;key2=v3": every combination.
const axes = values.grid.split(';').map((part) => { const [key, list] = part.split('='); return { key: key!, values: list!.split(',').map(Number) }; });
let settings: Array<Record<string, number>> = [{}];
for (const axis of axes) settings = settings.flatMap((s) => axis.values.map((v) => ({ ...s, [axis.key]: v })));
const epochs = Number(values.epochs);
const every = Number(values.every);
for (const setting of settings) {
  const options: CosfaceHeadOptions = { ...FIT_DEFAULTS.head, ...setting, epochs, outputDimension: 256, hiddenDimension: 0, initial: { weights: inputs.shipped.first, bias: inputs.shipped.outputBias } };
  const t0 = Date.now();
  const curve: string[] = [];
  const result = await trainCosfaceHead(tf, inputs.samples, options, {
    every,
    score: (head) => {
      const s = devScore(inputs.dev, (v) => head.embed(v));
      curve.push(`${pct(s.masked)}/${pct(s.unmasked)}`);
      return s.score;
    },
  });
  const best = devScore(inputs.dev, (v) => result.head.embed(v));
  console.log(`${JSON.stringify(setting)}: best epoch ${result.epoch}: masked ${pct(best.masked)} %, unmasked ${pct(best.unmasked)} %; every ${every} epochs ${curve.join(' ')}; ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
