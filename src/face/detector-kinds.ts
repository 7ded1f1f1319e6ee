/** The face detectors' names, apart from the detectors, so that options and help load no model (issue 25). */
export const DETECTOR_KINDS = ['mtcnn', 'retinaface'] as const;
export type DetectorKind = (typeof DETECTOR_KINDS)[number];

export function isDetectorKind(kind: string): kind is DetectorKind {
  return (DETECTOR_KINDS as readonly string[]).includes(kind);
}
