export { balance, BALANCE_METHODS, concatResampled, countByLabel, materialize, type BalanceMethod, type BalanceOptions } from './balance.js';
export { ClassNeighbours, squaredDistancesFrom } from './knn.js';
export { oversample } from './oversample.js';
export { applyProtocol, PROTOCOLS, sourcesOf, stratifiedSplit, type Protocol, type ProtocolOptions, type ProtocolResult, type SplitAssigner } from './protocol.js';
export { createRng, sampleWithoutReplacement, shuffleInPlace, type Rng } from './random.js';
export { DEFAULT_K, smote, type SmallClassPolicy, type SmoteOptions } from './smote.js';
export { targetCounts, type SamplerKind } from './strategy.js';
export { DEFAULT_SEED, type Resampled, type ResampleOptions, type RowData, type Samples, type SamplingStrategy, type SyntheticRows } from './types.js';
export { undersample } from './undersample.js';
