/**
 * The paper's Figures 2 and 3: training accuracy and validation accuracy per epoch, with the epochs
 * where ReduceLROnPlateau lowered the learning rate marked (the paper's epochs 721 and 468).
 */
/** What a curve needs of an epoch. */
export interface CurvePoint {
  readonly epoch: number;
  readonly accuracy: number;
  readonly valAccuracy: number;
}
import { font, niceTicks, whiteCanvas } from './canvas.js';

export interface CurveFigure {
  readonly title: string;
  readonly history: readonly CurvePoint[];
  /** Epochs after which the learning rate dropped. */
  readonly lrDrops: readonly number[];
  /** Epoch whose weights were kept (drawn as a dot on the validation curve). */
  readonly bestEpoch?: number;
  /** Levels drawn across the plot beside a curve, e.g. where a teacher network stands. */
  readonly references?: readonly { readonly label: string; readonly value: number; readonly curve: 'accuracy' | 'valAccuracy' }[];
  /** Legend of the two curves; default the paper's (training accuracy, val_accuracy). */
  readonly labels?: { readonly accuracy: string; readonly valAccuracy: string };
}

const WIDTH = 900;
const HEIGHT = 520;
const MARGIN = { left: 70, right: 24, top: 48, bottom: 64 };
const TRAIN_COLOR = '#1f77b4';
const VAL_COLOR = '#ff7f0e';
const DROP_COLOR = '#7f7f7f';

export async function renderTrainingCurves(figure: CurveFigure): Promise<Buffer> {
  const { ctx, encode } = whiteCanvas(WIDTH, HEIGHT);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  // Epochs run from the first recorded (1 for whole epochs; a fraction when scored within epochs) to the last.
  const first = Math.min(1, figure.history[0]?.epoch ?? 1);
  const epochs = figure.history.length === 0 ? 1 : figure.history[figure.history.length - 1]!.epoch;
  const x = (epoch: number): number => MARGIN.left + (epochs <= first ? plotW / 2 : ((epoch - first) / (epochs - first)) * plotW);
  const y = (share: number): number => MARGIN.top + (1 - share) * plotH;

  font(ctx, 18, true);
  ctx.fillStyle = '#000000';
  ctx.textAlign = 'center';
  ctx.fillText(figure.title, WIDTH / 2, 30);

  // Grid and axes: accuracy 0..1 on y, epochs on x.
  font(ctx, 13);
  ctx.strokeStyle = '#e0e0e0';
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of niceTicks(0, 1, 5)) {
    ctx.beginPath();
    ctx.moveTo(MARGIN.left, y(t));
    ctx.lineTo(MARGIN.left + plotW, y(t));
    ctx.stroke();
    ctx.fillText(t.toFixed(1), MARGIN.left - 8, y(t));
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of niceTicks(first, Math.max(first + 1, epochs), 8).filter((t) => t >= first)) {
    ctx.fillText(String(t), x(t), MARGIN.top + plotH + 8);
  }
  ctx.strokeStyle = '#000000';
  ctx.strokeRect(MARGIN.left, MARGIN.top, plotW, plotH);
  ctx.fillText('epoch', MARGIN.left + plotW / 2, HEIGHT - 28);
  ctx.save();
  ctx.translate(18, MARGIN.top + plotH / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText('accuracy', 0, 0);
  ctx.restore();

  // Reference levels (e.g. the teacher's scores): dotted horizontal lines in the curve's colour, labelled.
  ctx.setLineDash([2, 4]);
  ctx.textAlign = 'left';
  for (const r of figure.references ?? []) {
    const color = r.curve === 'accuracy' ? TRAIN_COLOR : VAL_COLOR;
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.moveTo(MARGIN.left, y(r.value));
    ctx.lineTo(MARGIN.left + plotW, y(r.value));
    ctx.stroke();
    ctx.fillText(r.label, MARGIN.left + 6, y(r.value) - 16);
  }
  ctx.setLineDash([]);

  // Learning-rate drops: dashed vertical lines, labelled.
  ctx.setLineDash([6, 4]);
  ctx.strokeStyle = DROP_COLOR;
  ctx.fillStyle = DROP_COLOR;
  ctx.textAlign = 'left';
  for (const drop of figure.lrDrops) {
    ctx.beginPath();
    ctx.moveTo(x(drop), MARGIN.top);
    ctx.lineTo(x(drop), MARGIN.top + plotH);
    ctx.stroke();
    ctx.fillText(`LR x0.1 after epoch ${drop}`, x(drop) + 4, MARGIN.top + 4);
  }
  ctx.setLineDash([]);

  const line = (values: (r: CurvePoint) => number, color: string): void => {
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    figure.history.forEach((r, i) => (i === 0 ? ctx.moveTo(x(r.epoch), y(values(r))) : ctx.lineTo(x(r.epoch), y(values(r)))));
    ctx.stroke();
  };
  line((r) => r.accuracy, TRAIN_COLOR);
  line((r) => r.valAccuracy, VAL_COLOR);
  const best = figure.history.find((r) => r.epoch === figure.bestEpoch);
  if (best) {
    ctx.fillStyle = VAL_COLOR;
    ctx.beginPath();
    ctx.arc(x(best.epoch), y(best.valAccuracy), 5, 0, 2 * Math.PI);
    ctx.fill();
  }

  // Legend, bottom right inside the plot.
  const legend: [string, string][] = [[figure.labels?.accuracy ?? 'accuracy (training)', TRAIN_COLOR], [figure.labels?.valAccuracy ?? 'val_accuracy (test split)', VAL_COLOR]];
  if (best) legend.push([`kept epoch ${best.epoch}`, VAL_COLOR]);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  legend.forEach(([label, color], i) => {
    const ly = MARGIN.top + plotH - 20 - (legend.length - 1 - i) * 20;
    const lx = MARGIN.left + plotW - 300;
    ctx.fillStyle = color;
    if (label.startsWith('kept')) {
      ctx.beginPath();
      ctx.arc(lx + 12, ly, 5, 0, 2 * Math.PI);
      ctx.fill();
    } else ctx.fillRect(lx, ly - 2, 24, 4);
    ctx.fillStyle = '#000000';
    ctx.fillText(label, lx + 32, ly);
  });
  return encode();
}
