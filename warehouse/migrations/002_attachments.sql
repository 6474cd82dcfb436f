-- Attachments of report pages (PDF, DOCX, DOC, WPS): which one gave a report its text, and
-- which could not be read, with the reason.
CREATE TABLE attachments (
    url          VARCHAR NOT NULL,
    page_url     VARCHAR NOT NULL,              -- the report page that links it
    portal_id    VARCHAR,
    name         VARCHAR,
    file_type    VARCHAR NOT NULL,              -- pdf | docx | doc | wps
    status       VARCHAR NOT NULL CHECK (status IN ('used', 'read', 'unreadable', 'failed')),
    reason       VARCHAR,
    sha256       VARCHAR,
    seen_at      TIMESTAMP NOT NULL,
    run_id       VARCHAR,
    PRIMARY KEY (url, page_url)
);
