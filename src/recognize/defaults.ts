/**
 * Defaults of the settings of recognition and enrolment, apart from the code that uses them, so that
 * the commands' options and help (`maskface recognize --help`) load no model module (issue 25).
 */

/** Minimum detector score of an enrolment photo's face. */
export const DEFAULT_MIN_FACE_SCORE = 0.8;

/**
 * Detection every 8th frame and re-recognition every 8th detection round: the three-view default
 * encoder costs about 2.2x faceres alone per face; with these defaults and unsure rechecks capped
 * at 2, the 640x360 Hamilton clip ran at 36.8 frames/s at load 1.4 (13.5 at load 3.2 with the old
 * 6 and 4 and no cap) and Lin-Manuel Miranda stayed named on 94.6 % of his frames
 * (`bench/recognize.ts`, docs/recognition.md).
 */
export const DEFAULT_DETECT_EVERY = 8;
export const DEFAULT_REIDENTIFY_EVERY = 8;
