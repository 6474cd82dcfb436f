-- severity: serious
-- A quantity's role is one of the labelled roles (fazhi/core/records.py QUANTITY_ROLES).
SELECT report_id, version, seq, role
FROM quantities
WHERE role IS NOT NULL
  AND role NOT IN ('result', 'target', 'subunit', 'change', 'rank', 'cumulative', 'other')
