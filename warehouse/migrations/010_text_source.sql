-- How each report version's text was obtained (issue 14): from the page's HTML, a PDF's text
-- layer, OCR of scans, an OFD, a DOCX, a DOC or a WPS file, or a local text file; for OCR the
-- engine and its confidence, so analysts can set OCR'd figures apart. NULL for versions
-- loaded before, until `fazhi reprocess`. The same for each attachment.
ALTER TABLE report_versions ADD COLUMN text_source VARCHAR;
ALTER TABLE report_versions ADD COLUMN ocr_engine VARCHAR;
ALTER TABLE report_versions ADD COLUMN ocr_confidence DOUBLE;
ALTER TABLE attachments ADD COLUMN text_source VARCHAR;
ALTER TABLE attachments ADD COLUMN engine VARCHAR;
ALTER TABLE attachments ADD COLUMN confidence DOUBLE;
