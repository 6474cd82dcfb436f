-- severity: serious
-- Every quantity's raw text stands in its sentence, where raw_offset says.
SELECT report_id, version, seq, raw, left(sentence, 60) AS sentence
FROM quantities
WHERE raw_offset IS NOT NULL AND substr(sentence, raw_offset + 1, length(raw)) <> raw
   OR strpos(sentence, raw) = 0
