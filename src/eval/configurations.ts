/**
 * The paper's four trainings (section 4.2, Table IV) and its five-run repeats of the SMOTE models
 * (Table V), with the paper's own numbers so a report can print them beside ours.
 */

/** Which dataset a configuration trains on: real RMFD masks, or masks drawn onto unmasked photos. */
export type Arm = 'real' | 'simulated';
/**
 * How the training set is balanced (paper 3.1.3): SMOTE over the whole set for the real arm, whose
 * groups were roughly balanced, and SMOTE on masked and unmasked photos separately for the simulated
 * arm ("applied twice individually and then the data was concatenated").
 */
export type Balancing = 'none' | 'undersample' | 'smote' | 'smote-per-group';
/** `paper`: balance everything, then split (synthetic copies of test photos reach training); `leak-free`: split first. */
export type Protocol = 'paper' | 'leak-free';
export const PROTOCOLS: readonly Protocol[] = ['leak-free', 'paper'];

export interface PaperNumbers {
  /** Table IV accuracy, 0..1. */
  readonly accuracy: number;
  /** Table IV "Total images" (after balancing). */
  readonly totalImages: number;
  /** Table IV run time as printed (GTX 1050 Ti laptop GPU, 800 epochs). */
  readonly runtime: string;
  /** Table V: the five test accuracies, 0..1, or none where the paper ran it once. */
  readonly runs: readonly number[];
  /** Table V's average and standard deviation as printed (0..1), or null where the paper ran it once. */
  readonly average: number | null;
  readonly std: number | null;
}

export interface Configuration {
  /** Stable id, used in file names: `real-none`, `real-undersample`, `real-smote`, `simulated-smote`. */
  readonly id: string;
  readonly arm: Arm;
  readonly balance: Balancing;
  /** Table IV's "Dataset" cell. */
  readonly datasetLabel: string;
  /** Table IV's "Balancing" cell. */
  readonly balancingLabel: string;
  /** Repeated `runs` times for Table V (the paper repeats only the SMOTE models). */
  readonly repeated: boolean;
  readonly paper: PaperNumbers;
}

export const CONFIGURATIONS: readonly Configuration[] = [
  {
    id: 'real-none',
    arm: 'real',
    balance: 'none',
    datasetLabel: 'Real',
    balancingLabel: '-',
    repeated: false,
    paper: { accuracy: 0.8275, totalImages: 6898, runtime: '12h44', runs: [], average: null, std: null },
  },
  {
    id: 'real-undersample',
    arm: 'real',
    balance: 'undersample',
    datasetLabel: 'Real',
    balancingLabel: 'RandomUnderSampler',
    repeated: false,
    paper: { accuracy: 0.7801, totalImages: 4230, runtime: '6h10', runs: [], average: null, std: null },
  },
  {
    id: 'real-smote',
    arm: 'real',
    balance: 'smote',
    datasetLabel: 'Real',
    balancingLabel: 'SMOTE',
    repeated: true,
    // The text of 3.1.3 says 9,270 images; Table IV says 9,240. The table is quoted.
    paper: { accuracy: 0.9194, totalImages: 9240, runtime: '13h56', runs: [0.9099, 0.9129, 0.9139, 0.9177, 0.9194], average: 0.9147, std: 0.0038 },
  },
  {
    id: 'simulated-smote',
    arm: 'simulated',
    balance: 'smote-per-group',
    datasetLabel: 'Simulated Mask',
    balancingLabel: 'SMOTE',
    repeated: true,
    paper: { accuracy: 0.9354, totalImages: 11160, runtime: '16h13', runs: [0.926, 0.9265, 0.9323, 0.9328, 0.9354], average: 0.9306, std: 0.0041 },
  },
];

/** Runs a configuration gets: `runs` for the repeated ones (Table V), one for the others (Table IV). */
export const runsOf = (configuration: Configuration, runs: number): number => (configuration.repeated ? runs : 1);

/** Training seed of run `k` (1-based): the paper's random_state 42 for the first run, then 43, 44, ... */
export const seedOfRun = (baseSeed: number, run: number): number => baseSeed + run - 1;
