/** The paper's Table I for a dataset: people and photos per group, and photos per person. */
import type { Dataset, Group } from './layout.js';

export interface GroupStats {
  /** People with at least one photo in the group. */
  readonly people: number;
  readonly photos: number;
  /** Photos per person among those people. */
  readonly perPerson: { readonly min: number; readonly median: number; readonly max: number };
}

export interface DatasetStats {
  readonly root: string;
  readonly layout: string;
  /** People with a folder in either group. */
  readonly people: number;
  /** People with photos in both groups. */
  readonly peopleWithBoth: number;
  readonly groups: Record<Group, GroupStats>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function groupStats(counts: number[]): GroupStats {
  const present = counts.filter((c) => c > 0);
  return {
    people: present.length,
    photos: present.reduce((a, b) => a + b, 0),
    perPerson: {
      min: present.length ? Math.min(...present) : 0,
      median: median(present),
      max: present.length ? Math.max(...present) : 0,
    },
  };
}

export function datasetStats(dataset: Dataset): DatasetStats {
  return {
    root: dataset.root,
    layout: dataset.layout,
    people: dataset.people.length,
    peopleWithBoth: dataset.people.filter((p) => p.masked.length > 0 && p.unmasked.length > 0).length,
    groups: {
      unmasked: groupStats(dataset.people.map((p) => p.unmasked.length)),
      masked: groupStats(dataset.people.map((p) => p.masked.length)),
    },
  };
}

export function formatStatsTable(stats: DatasetStats): string {
  const row = (label: string, g: GroupStats): string =>
    `| ${label.padEnd(12)} | ${String(g.people).padStart(6)} | ${String(g.photos).padStart(6)} | ${`${g.perPerson.min} / ${g.perPerson.median} / ${g.perPerson.max}`.padStart(20)} |`;
  return [
    `Dataset ${stats.root} (${stats.layout} layout): ${stats.people} people, ${stats.peopleWithBoth} with photos in both groups`,
    '',
    '| group        | people | photos | per person min/med/max |',
    '|--------------|--------|--------|------------------------|',
    row('without mask', stats.groups.unmasked),
    row('with mask', stats.groups.masked),
  ].join('\n');
}
