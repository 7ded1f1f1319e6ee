/**
 * The mask synthesizer of enrolment: 68 landmarks of the face (landmarks68), then `insertMask`
 * with a few common mask types and colours, so a masked probe finds a masked sample whatever mask
 * it wears.
 */
import { load as loadLandmarks68 } from '../face/landmarks68/index.js';
import { type MaskOptions, insertMask } from '../mask/index.js';
import type { MaskSynthesizer } from './mask-synthesis.js';

/** Surgical, cloth and KN95 cover most masks seen in RMFD and in the street, in their usual colours. */
export const ENROLMENT_MASKS: readonly MaskOptions[] = [
  { type: 'surgical', color: 'light-blue', seed: 1 },
  { type: 'cloth', color: 'black', seed: 2 },
  { type: 'kn95', color: 'white', seed: 3 },
];

export async function loadMaskSynthesizer(masks: readonly MaskOptions[] = ENROLMENT_MASKS): Promise<MaskSynthesizer> {
  const landmarks = await loadLandmarks68();
  return {
    async variants(image, face) {
      const points = await landmarks.detect(image, face.box);
      return masks.map((m) => ({ image: insertMask(image, points, m), label: `${m.type}/${m.color}` }));
    },
    dispose: () => landmarks.dispose(),
  };
}
