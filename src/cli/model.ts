/** `maskface model summary`: the network's layer table with trainable and frozen parameter counts. */
import type { Command } from 'commander';
import { Option } from 'commander';
import { getTf } from '../engine/tf.js';
import { MaskfaceError } from '../errors.js';
import { BACKBONE_DIMENSIONS, isBackboneName } from '../model-folder/backbones.js';
import { buildBackboneNetwork, buildVgg16Network, disposeNetwork } from '../model-folder/network.js';
import { formatSummary, summarizeNetwork } from '../train/summary.js';
import { loadVgg16WeightsOrWarn } from '../train/vgg16-weights.js';

export function register(program: Command): void {
  const model = program.command('model').description('inspect the classifier networks');
  model
    .command('summary')
    .description('print the layer table: output shapes, trainable and frozen parameters')
    .option('--classes <n>', 'number of people (softmax outputs)', '30')
    .addOption(new Option('--backbone <name>', 'feature extractor under the head').choices(['vgg16', ...Object.keys(BACKBONE_DIMENSIONS)]).default('vgg16'))
    .option('--weights <h5>', 'Keras VGG16 "notop" weights file (default: MASKFACE_VGG16_WEIGHTS or ~/.keras/models/)')
    .action(async (opts: { classes: string; backbone: string; weights?: string }) => {
      const classes = Number(opts.classes);
      if (!Number.isInteger(classes) || classes < 2) throw new MaskfaceError('MF_INVALID_ARGUMENT', `--classes: expected a whole number >= 2, received "${opts.classes}".`);
      const tf = await getTf();
      const net = isBackboneName(opts.backbone)
        ? buildBackboneNetwork(tf, { classes, dimension: BACKBONE_DIMENSIONS[opts.backbone] })
        : buildVgg16Network(tf, { classes });
      if (!isBackboneName(opts.backbone)) await loadVgg16WeightsOrWarn(tf, net, opts.weights);
      console.log(formatSummary(summarizeNetwork(net)));
      disposeNetwork(net);
    });
}
