/**
 * The mask synthesizer of enrolment: 68 landmarks of the face (landmarks68), then `insertMask`
 * with a few common mask types and colours, so a masked probe finds a masked sample whatever mask
 * it wears.
 */
import { load as loadLandmarks68 } from '../face/landmarks68/index.js';
import { type MaskOptions, insertMask } from '../mask/index.js';
import type { MaskSynthesizer } from './mask-synthesis.js';

/**
 * Every mask type (surgical, cloth, KN95, N95, gas) in its usual colours plus a striped and a dotted
 * cloth mask: with top-3 pooling, eight masks per photo identified masked LFW probes better than the
 * first three alone on the development set (`bench/recognize-lfw-rules.ts`, docs/recognition.md).
 */
export const ENROLMENT_MASKS: readonly MaskOptions[] = [
  { type: 'surgical', color: 'light-blue', seed: 1 },
  { type: 'cloth', color: 'black', seed: 2 },
  { type: 'kn95', color: 'white', seed: 3 },
  { type: 'n95', color: 'white', seed: 4 },
  { type: 'surgical', color: 'white', seed: 5 },
  { type: 'cloth', color: 'light-blue', pattern: 'stripes', seed: 6 },
  { type: 'gas', color: 'charcoal', seed: 7 },
  { type: 'cloth', color: 'red', pattern: 'dots', seed: 8 },
];

export async function loadMaskSynthesizer(masks: readonly MaskOptions[] = ENROLMENT_MASKS): Promise<MaskSynthesizer> {
  const landmarks = await loadLandmarks68();
  return {
    async variants(image, face) {
      const points = await landmarks.detect(image, face.box);
      return masks.map((m) => ({ image: insertMask(image, points, m), label: `${m.type}/${m.color}${m.pattern === undefined ? '' : `/${m.pattern}`}` }));
    },
    dispose: () => landmarks.dispose(),
  };
}
