-- Model allow-lists: the model ids or patterns ('*' for any run of characters) a tenant, and an API
-- key within it, may call. NULL is no limit; an empty list is refused by the API (NULL says "any").
-- The rows' policies (tenants_own, api_keys_own, api_keys_lookup) cover the new columns as they do
-- the others, and the service role owns both tables, so no grant changes.
ALTER TABLE tenants
    ADD COLUMN models text[] CHECK (cardinality(models) BETWEEN 1 AND 100);

ALTER TABLE api_keys
    ADD COLUMN models text[] CHECK (cardinality(models) BETWEEN 1 AND 100);
