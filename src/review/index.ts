export { startReviewServer, type ReviewServer, type ReviewServerOptions } from './server.js';
export { loadContactSheet, toggleExcluded, type ContactSheet, type SheetPhoto } from './contact-sheet.js';
