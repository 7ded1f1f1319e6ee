/**
 * What the gallery stores share: the format they record, creation options, the rows a person
 * summary is made of, the errors they throw and the listeners `Gallery.onChange` keeps.
 */
import { MaskfaceError } from '../../errors.js';
import type { FaceCropSpec } from '../../methods/face-crop.js';
import type { GalleryChange, GalleryChangeListener, GalleryEmbedding, PersonSummary, SampleKind } from '../gallery.js';

/** Recorded in every gallery's meta, checked at open. */
export const GALLERY_FORMAT = 'maskface-gallery';
/** Version of what a gallery holds (people, samples, calibrations), the same in every store. */
export const GALLERY_VERSION = 1;
/** Embedder recorded for a new gallery when none is given. */
export const DEFAULT_GALLERY_EMBEDDER = 'faceres';

export interface OpenGalleryOptions {
  /** Create the gallery if it does not exist; default false. */
  readonly create?: boolean;
  /** Embedder for a new gallery; default `faceres`. Ignored for an existing gallery. */
  readonly embedder?: string;
  /** Face chip of a new gallery's embedder, stored with it. Ignored for an existing gallery. */
  readonly crop?: FaceCropSpec;
}

/** Meta rows of a new gallery, in the order they are written. */
export function newGalleryMeta(options: OpenGalleryOptions): Array<[key: string, value: string]> {
  return [
    ['format', GALLERY_FORMAT],
    ['version', String(GALLERY_VERSION)],
    ['embedder', options.embedder ?? DEFAULT_GALLERY_EMBEDDER],
    ...(options.crop === undefined ? [] : [['crop', JSON.stringify(options.crop)] as [string, string]]),
  ];
}

export interface GalleryMeta {
  readonly embedder: string;
  readonly crop: FaceCropSpec | undefined;
}

/** Checks a gallery's stored meta (key -> value) and reads its embedder and face chip. */
export function checkGalleryMeta(location: string, meta: ReadonlyMap<string, string>, fix: string): GalleryMeta {
  const format = meta.get('format');
  if (format !== GALLERY_FORMAT) throw badGallery(location, `format ${JSON.stringify(format)}`, fix);
  const version = Number(meta.get('version'));
  if (version > GALLERY_VERSION) throw badGallery(location, `version ${version} is newer than this maskface reads (${GALLERY_VERSION}); upgrade maskface`, fix);
  const crop = meta.get('crop');
  return { embedder: meta.get('embedder') ?? DEFAULT_GALLERY_EMBEDDER, crop: crop === undefined ? undefined : (JSON.parse(crop) as FaceCropSpec) };
}

/** A person's row: counts of samples per kind (all embedders together). */
export interface PersonRow {
  readonly name: string;
  readonly enrolled_at: string;
  readonly samples: number;
  readonly unmasked: number | null;
  readonly masked: number | null;
  readonly synthetic: number | null;
}

export function toSummary(row: PersonRow): PersonSummary {
  return { name: row.name, enrolledAt: row.enrolled_at, samples: row.samples, unmasked: row.unmasked ?? 0, masked: row.masked ?? 0, syntheticMasked: row.synthetic ?? 0 };
}

/**
 * Collects the samples a store reads, one at a time, into one growing buffer, then gives them as
 * embeddings. Each row's bytes are copied at once and dropped: keeping a million small row buffers
 * alive until the end made reading a large gallery several times slower (7 s for 900,000 buffers of
 * 512 bytes here, against 1 s for the views into one buffer).
 */
export class EmbeddingCollector {
  private data = new Float32Array(1 << 16);
  private bytes = new Uint8Array(this.data.buffer);
  private used = 0;
  private readonly rows: Array<{ person: string; kind: SampleKind; start: number; length: number }> = [];

  /** `names`: person id (as a string) -> name, read in the same snapshot as the samples. */
  constructor(private readonly names: ReadonlyMap<string, string>, private readonly location: string) {}

  add(personId: number | string, kind: SampleKind, vector: Uint8Array): void {
    const person = this.names.get(String(personId));
    if (person === undefined) throw new MaskfaceError('MF_BAD_GALLERY', `${this.location}: a sample belongs to no person (id ${personId}); the gallery is damaged.`, { file: this.location });
    const length = vector.byteLength / Float32Array.BYTES_PER_ELEMENT;
    if (this.used + length > this.data.length) {
      const grown = new Float32Array(Math.max(2 * this.data.length, this.used + length));
      grown.set(this.data.subarray(0, this.used));
      this.data = grown;
      this.bytes = new Uint8Array(grown.buffer);
    }
    this.bytes.set(vector, this.used * Float32Array.BYTES_PER_ELEMENT);
    this.rows.push({ person, kind, start: this.used, length });
    this.used += length;
  }

  embeddings(): GalleryEmbedding[] {
    const data = this.data;
    return this.rows.map((r) => ({ person: r.person, kind: r.kind, vector: data.subarray(r.start, r.start + r.length) }));
  }
}

export function unknownPerson(name: string, location: string): MaskfaceError {
  return new MaskfaceError('MF_UNKNOWN_PERSON', `${location}: nobody named ${JSON.stringify(name)} is enrolled. List the people with \`maskface people ${location}\`.`, { file: location });
}

export function badGallery(location: string, reason: string, fix: string): MaskfaceError {
  return new MaskfaceError('MF_BAD_GALLERY', `${location}: not a maskface gallery (${reason}). ${fix}`, { file: location });
}

/** The listeners of one `Gallery.onChange`; a listener that throws does not stop the others. */
export class ChangeListeners {
  private readonly listeners = new Set<GalleryChangeListener>();

  get size(): number {
    return this.listeners.size;
  }

  add(listener: GalleryChangeListener): () => void {
    // A wrapper, so the same function subscribed twice is called twice and unsubscribed once each.
    const entry: GalleryChangeListener = (change) => listener(change);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  emit(change: GalleryChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (err) {
        // A listener's failure is its own (it runs outside the write that triggered it): report it
        // without failing the write, which is already committed.
        console.error('maskface: a gallery change listener failed:', err);
      }
    }
  }
}
