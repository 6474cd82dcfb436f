-- severity: warning
-- A report whose text came from an attachment has that attachment recorded as used.
SELECT r.report_id, r.version, r.url, r.attachment_url
FROM report_versions r
WHERE r.attachment_url IS NOT NULL AND r.source = 'crawl'
  AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.url = r.attachment_url AND a.status = 'used')
