/**
 * One way to open a gallery from where it lives: a `postgres://` (or `postgresql://`) URL opens the
 * PostgreSQL gallery (gallery-store/postgres-gallery.ts), anything else is a SQLite file path, the
 * default. Every command and the server take their `--gallery` / `<gallery>` through this.
 */
import type { Gallery } from './gallery.js';
import type { OpenGalleryOptions } from './gallery-store/common.js';
import { openPostgresGallery } from './gallery-store/postgres-gallery.js';
import { isPostgresLocation, redactLocation } from './gallery-store/postgres-location.js';
import { openSqliteGallery } from './sqlite-gallery.js';

export type { OpenGalleryOptions };
export { isPostgresLocation };

export async function openGallery(location: string, options: OpenGalleryOptions = {}): Promise<Gallery> {
  return isPostgresLocation(location) ? openPostgresGallery(location, options) : openSqliteGallery(location, options);
}

/** The location as messages may show it: a URL's password hidden, a path unchanged. */
export function displayLocation(location: string): string {
  return isPostgresLocation(location) ? redactLocation(location) : location;
}
