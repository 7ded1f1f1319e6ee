/**
 * The paper's two Keras callbacks (paper 3.3) and an early stop, as small state machines over the
 * validation accuracy of each epoch, so the loop and the tests drive them the same way.
 */

/** ModelCheckpoint(monitor='val_accuracy', save_best_only=True, mode='max'): saves on a strict improvement. */
export class BestCheckpoint {
  constructor(
    public best = -Infinity,
    public bestEpoch = 0,
  ) {}

  /** True when this epoch's weights must be saved. */
  update(epoch: number, valAccuracy: number): boolean {
    if (!(valAccuracy > this.best)) return false;
    this.best = valAccuracy;
    this.bestEpoch = epoch;
    return true;
  }
}

/**
 * ReduceLROnPlateau(monitor='val_accuracy', mode='max', factor=0.1, patience=100): after `patience`
 * epochs in a row without a new best, the learning rate is multiplied by `factor` and the count
 * starts again (Keras's behaviour with cooldown 0, min_delta 0).
 */
export class ReduceLrOnPlateau {
  constructor(
    readonly patience: number,
    readonly factor: number,
    readonly minLearningRate = 0,
    public best = -Infinity,
    public wait = 0,
  ) {}

  /** The learning rate for the next epoch. */
  update(valAccuracy: number, learningRate: number): number {
    if (valAccuracy > this.best) {
      this.best = valAccuracy;
      this.wait = 0;
      return learningRate;
    }
    this.wait += 1;
    if (this.wait < this.patience) return learningRate;
    this.wait = 0;
    return Math.max(learningRate * this.factor, this.minLearningRate);
  }
}

/** EarlyStopping(monitor='val_accuracy', patience): stop after `patience` epochs without a new best. */
export class EarlyStopping {
  constructor(
    readonly patience: number,
    public best = -Infinity,
    public wait = 0,
  ) {}

  /** True when training should stop after this epoch. */
  update(valAccuracy: number): boolean {
    if (valAccuracy > this.best) {
      this.best = valAccuracy;
      this.wait = 0;
      return false;
    }
    this.wait += 1;
    return this.wait >= this.patience;
  }
}
