export { DEFAULT_CHROMIUM, htmlToPdf, PdfError, type PdfOptions } from './pdf.js';
