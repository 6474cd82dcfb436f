-- Onboarding from a home page: a registry entry may give only a portal's home page (`home`);
-- discovery then finds its report columns by their navigation links and keeps them here, so
-- later runs start from them instead of the home page. One row per column a portal uses now:
-- a portal's rows are replaced together when its columns are found again (the stored ones
-- all failed: the site was rebuilt). And the portals table says which home page it was.

ALTER TABLE portals ADD COLUMN home VARCHAR;

CREATE TABLE portal_columns (
    portal_id      VARCHAR NOT NULL,
    url            VARCHAR NOT NULL,
    title          VARCHAR NOT NULL,
    score          INTEGER NOT NULL CHECK (score > 0),
    depth          INTEGER NOT NULL CHECK (depth BETWEEN 1 AND 3),
    report_titles  INTEGER NOT NULL CHECK (report_titles >= 0),
    found_from     VARCHAR NOT NULL,
    found_at       TIMESTAMP NOT NULL,
    run_id         VARCHAR,
    PRIMARY KEY (portal_id, url)
);
