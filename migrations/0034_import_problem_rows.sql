-- A preview's problem rows, read a kind at a time in file order (the console's grouped preview)
-- without walking the valid rows of a 100,000-row file.
CREATE INDEX import_rows_problem_idx ON import_rows (import_id, row_number) WHERE problem_code IS NOT NULL;
