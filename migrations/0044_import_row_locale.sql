-- The language a spreadsheet row names for its invitation (its `language` column), carried from
-- the preview onto the invitation; null: the organization's default when the invitation is made.
ALTER TABLE import_rows
  ADD COLUMN locale text CHECK (locale IN ('en', 'ja', 'de', 'fr', 'es', 'pt-BR', 'ar'));
