/** A confusion matrix as a heat map: true person by row, predicted person by column, counts written in the cells. */
import { font, whiteCanvas } from './canvas.js';

export interface ConfusionFigure {
  readonly title: string;
  readonly classes: readonly string[];
  /** Rows: true class; columns: predicted class. */
  readonly matrix: readonly (readonly number[])[];
}

const CELL_MIN_PX = 16;
const LABEL_SPACE_PX = 150;
const TITLE_SPACE_PX = 44;
const PLOT_TARGET_PX = 720;

export async function renderConfusionMatrix(figure: ConfusionFigure): Promise<Buffer> {
  const k = figure.classes.length;
  const cell = Math.max(CELL_MIN_PX, Math.floor(PLOT_TARGET_PX / Math.max(1, k)));
  const width = LABEL_SPACE_PX + k * cell + 24;
  const height = TITLE_SPACE_PX + k * cell + LABEL_SPACE_PX;
  const { ctx, encode } = whiteCanvas(width, height);
  const left = LABEL_SPACE_PX;
  const top = TITLE_SPACE_PX;

  font(ctx, 16, true);
  ctx.fillStyle = '#000000';
  ctx.textAlign = 'center';
  ctx.fillText(figure.title, width / 2, 28);

  // Each row shaded by its own total, so people with few test photos are as readable as the others.
  font(ctx, Math.max(9, Math.min(14, Math.floor(cell * 0.45))));
  ctx.textBaseline = 'middle';
  for (let r = 0; r < k; r++) {
    const row = figure.matrix[r] ?? [];
    const total = row.reduce((a, b) => a + b, 0);
    for (let c = 0; c < k; c++) {
      const count = row[c] ?? 0;
      const share = total === 0 ? 0 : count / total;
      const shade = Math.round(255 * (1 - share));
      ctx.fillStyle = r === c ? `rgb(${shade},${Math.round(255 - share * 100)},${shade})` : `rgb(255,${shade},${shade})`;
      ctx.fillRect(left + c * cell, top + r * cell, cell, cell);
      if (count > 0) {
        ctx.fillStyle = share > 0.6 ? '#ffffff' : '#000000';
        ctx.fillText(String(count), left + c * cell + cell / 2, top + r * cell + cell / 2);
      }
    }
  }
  ctx.strokeStyle = '#000000';
  ctx.strokeRect(left, top, k * cell, k * cell);

  font(ctx, Math.max(9, Math.min(13, cell - 4)));
  ctx.fillStyle = '#000000';
  ctx.textAlign = 'right';
  figure.classes.forEach((name, i) => ctx.fillText(name, left - 6, top + i * cell + cell / 2));
  figure.classes.forEach((name, i) => {
    ctx.save();
    ctx.translate(left + i * cell + cell / 2, top + k * cell + 6);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(name, 0, 0);
    ctx.restore();
  });
  font(ctx, 13, true);
  ctx.textAlign = 'left';
  ctx.fillText('true person (rows) / predicted person (columns)', 8, height - 12);
  return encode();
}
