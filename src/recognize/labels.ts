/** How a recognised face is written on a photo or frame: name, confidence, mask; colour by outcome. */
import type { DrawStyle } from '../image/draw.js';
import { UNKNOWN } from './open-set.js';

export const KNOWN_COLOR = '#32cd32';
export const UNKNOWN_COLOR = '#ff4040';

export function faceStyle(face: { readonly name: string; readonly confidence: number; readonly masked?: boolean }): DrawStyle {
  const mask = face.masked === undefined ? '' : face.masked ? ' · mask' : ' · no mask';
  return { label: `${face.name} ${face.confidence.toFixed(2)}${mask}`, color: face.name === UNKNOWN ? UNKNOWN_COLOR : KNOWN_COLOR };
}
