-- severity: serious
-- A version's text source is one of fazhi.core.documents.TEXT_SOURCES, and only OCR text has
-- an OCR engine and confidence.
SELECT report_id, version, text_source, ocr_engine, ocr_confidence
FROM report_versions
WHERE (text_source IS NOT NULL
       AND text_source NOT IN ('html', 'pdf_text', 'ocr', 'ofd', 'docx', 'doc', 'wps', 'text'))
   OR (text_source IS DISTINCT FROM 'ocr' AND (ocr_engine IS NOT NULL OR ocr_confidence IS NOT NULL))
   OR ocr_confidence NOT BETWEEN 0 AND 1
