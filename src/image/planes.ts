/** Interleaved 8-bit RGB to the planar float input networks take (NCHW): (pixel - mean) / std. */
export function rgbToPlanes(data: Uint8Array, pixels: number, mean: number, std: number, out: Float32Array, offset = 0): Float32Array {
  const scale = 1 / std;
  for (let i = 0; i < pixels; i++) {
    out[offset + i] = (data[3 * i]! - mean) * scale;
    out[offset + pixels + i] = (data[3 * i + 1]! - mean) * scale;
    out[offset + 2 * pixels + i] = (data[3 * i + 2]! - mean) * scale;
  }
  return out;
}
