/**
 * The gallery: enrolled people and their face embeddings, per embedder, with the decision
 * threshold calibrated for it. An interface with two stores: the embedded SQLite file
 * (`openSqliteGallery`, the default) and a PostgreSQL schema shared by several processes
 * (`openPostgresGallery`); `openGallery` picks one from the location.
 */
import type { FaceCropSpec } from '../methods/face-crop.js';

/** How the photo behind an embedding showed the face. */
export type SampleKind = 'unmasked' | 'masked' | 'synthetic-masked';

export interface EnrolmentSample {
  /** Embedder that produced `vector` (e.g. `faceres`). */
  readonly embedder: string;
  /** The embedding; the gallery stores it L2-normalised. */
  readonly vector: Float32Array;
  /** SHA-256 (hex) of the source photo's bytes, so re-enrolling the same photo is recognised. */
  readonly sourceHash: string;
  /** Path or label of the source photo. */
  readonly source: string;
  readonly kind: SampleKind;
  /** For synthetic-masked samples: the mask type and colour inserted. */
  readonly mask?: string;
}

export interface PersonSummary {
  readonly name: string;
  /** Embeddings stored for this person, all embedders together. */
  readonly samples: number;
  readonly unmasked: number;
  readonly masked: number;
  readonly syntheticMasked: number;
  /** ISO 8601 time of the first enrolment. */
  readonly enrolledAt: string;
}

export interface GalleryEmbedding {
  readonly person: string;
  readonly vector: Float32Array;
  readonly kind: SampleKind;
}

/** A decision threshold and the error rates measured when it was chosen. */
export interface Calibration {
  readonly embedder: string;
  /** Cosine similarity at or above which a probe is accepted as the best-matching person. */
  readonly threshold: number;
  /**
   * Thresholds for faces the mask classifier calls masked and unmasked (cohort calibrations; the
   * mask raises strangers' scores against synthetic-masked samples). `threshold` is their maximum,
   * for faces whose mask state is not known.
   */
  readonly thresholds?: { readonly masked: number; readonly unmasked: number };
  /**
   * The scoring rule the threshold was chosen under (`SCORE_RULE` of open-set.ts); absent in
   * calibrations made before top-3 pooling, whose thresholds no longer apply.
   */
  readonly rule?: string;
  /** Target false-accept rate the threshold was chosen for, in [0, 1] (a cohort calibration: the unmasked side's). */
  readonly targetFar: number;
  /** A cohort calibration's target rates per side (absent before the masked side got its own rate). */
  readonly targetFars?: { readonly masked: number; readonly unmasked: number };
  /** False-accept rate measured on the strangers at this threshold, in [0, 1]. */
  readonly far: number;
  /** False-reject rate measured on held-out photos of enrolled people, when some were given. */
  readonly frr?: number;
  /** Number of stranger photos (and genuine photos) the rates were measured on. */
  readonly strangers: number;
  readonly genuine?: number;
  /** ISO 8601 time of calibration. */
  readonly calibratedAt: string;
  /**
   * Who chose the threshold: `strangers`, the user's own photos (`maskface calibrate`; absent in
   * calibrations made before cohorts), or `cohort`, the stranger cohort shipped with maskface,
   * measured again at each enrolment (src/recognize/cohort/).
   */
  readonly source?: 'strangers' | 'cohort';
  /** For a cohort calibration: the gallery's sample count it was measured on and each cohort vector's best score. */
  readonly cohort?: { readonly samples: number; readonly bestScores: readonly number[] };
}

/** A committed change to a gallery, as `Gallery.onChange` reports it. */
export interface GalleryChange {
  /**
   * What changed; `unknown` when the store cannot tell (a SQLite write by another process, or a
   * PostgreSQL listener that reconnected and may have missed notifications).
   */
  readonly kind: 'enrol' | 'remove' | 'calibration' | 'unknown';
  /** The person enrolled or removed. */
  readonly person?: string;
  /** True when the change was made through this same `Gallery` object. */
  readonly local: boolean;
}

export type GalleryChangeListener = (change: GalleryChange) => void;

export interface Gallery {
  /** Where the gallery lives (a file path or a URL without its password), for messages. */
  readonly location: string;
  /** The embedder whose vectors identification uses; chosen when the gallery is created. */
  readonly embedder: string;
  /** The face chip its samples were embedded from, fixed at creation so later defaults cannot mix chips. */
  readonly crop: FaceCropSpec | undefined;
  /** Adds samples to a person, creating the person if needed, all in one transaction. */
  enrol(name: string, samples: readonly EnrolmentSample[]): Promise<PersonSummary>;
  /** Removes a person and all their samples; throws MF_UNKNOWN_PERSON if absent. */
  remove(name: string): Promise<void>;
  people(): Promise<PersonSummary[]>;
  /** Every stored embedding of one embedder (unit length). */
  embeddings(embedder: string): Promise<GalleryEmbedding[]>;
  calibration(embedder: string): Promise<Calibration | undefined>;
  saveCalibration(calibration: Calibration): Promise<void>;
  /**
   * Calls `listener` after every committed change, made by this process or another one (SQLite:
   * `PRAGMA data_version` polled; PostgreSQL: LISTEN/NOTIFY), so a long-running reader can keep
   * its copy of the embeddings current. Resolves once changes are watched; the function it
   * resolves to stops this listener.
   */
  onChange(listener: GalleryChangeListener): Promise<() => void>;
  /** Closes the connections (and any change watcher); the gallery is unusable afterwards. */
  close(): Promise<void>;
}
