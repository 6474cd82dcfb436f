-- What each number is for the report's year (quantities.role, the roles of
-- indicator-labels.md); NULL for rows loaded before, until `fazhi reprocess`. DuckDB adds no
-- constraint with a column: the closed set is warehouse/checks/quantity_role_known.sql.
ALTER TABLE quantities ADD COLUMN role VARCHAR;
