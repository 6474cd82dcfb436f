-- How each report version's text was obtained (issue 14): from the page's HTML, a PDF's text
-- layer, OCR of scans, an OFD, a DOCX, a DOC or a WPS file, or a local text file; for OCR the
-- engine and its confidence, so analysts can set OCR'd figures apart. NULL for versions
-- loaded before, until `fazhi reprocess`. The closed set: warehouse/checks/text_source_known.sql.
ALTER TABLE report_versions ADD COLUMN text_source VARCHAR;
ALTER TABLE report_versions ADD COLUMN ocr_engine VARCHAR;
ALTER TABLE report_versions ADD COLUMN ocr_confidence DOUBLE;

-- Attachments: the new formats (OFD, page scans as image, a download that was no document:
-- unknown) in the file type's check, and how each file's text was read. DuckDB cannot change a
-- CHECK in place: the table is rebuilt (nothing references it).
ALTER TABLE attachments RENAME TO attachments_v9;
CREATE TABLE attachments (
    url          VARCHAR NOT NULL,
    page_url     VARCHAR NOT NULL,
    portal_id    VARCHAR,
    name         VARCHAR,
    file_type    VARCHAR NOT NULL CHECK (file_type IN ('pdf', 'docx', 'doc', 'wps', 'ofd', 'image', 'unknown')),
    status       VARCHAR NOT NULL CHECK (status IN ('used', 'read', 'unreadable', 'failed')),
    reason       VARCHAR,
    sha256       VARCHAR,
    seen_at      TIMESTAMP NOT NULL,
    run_id       VARCHAR,
    text_source  VARCHAR CHECK (text_source IN ('pdf_text', 'ocr', 'ofd', 'docx', 'doc', 'wps')),
    engine       VARCHAR,
    confidence   DOUBLE CHECK (confidence BETWEEN 0 AND 1),
    PRIMARY KEY (url, page_url),
    CHECK (status IN ('used', 'read') OR reason IS NOT NULL)
);
INSERT INTO attachments (url, page_url, portal_id, name, file_type, status, reason, sha256, seen_at, run_id)
SELECT url, page_url, portal_id, name, file_type, status, reason, sha256, seen_at, run_id FROM attachments_v9;
DROP TABLE attachments_v9;
