-- Spend per API key: GET /v1/usage?group_by=api_key, the API keys' spend today and this month beside
-- their budgets, and a key's spend read back when its budget counter starts all select one tenant's
-- rows (row-level security) of one key, or grouped by key, since a point in time. Led by the key, the
-- index reads one key's rows of a period as one range; the summed columns it carries let the sums be
-- read from the index alone.
CREATE INDEX usage_records_tenant_key_time ON usage_records (tenant_id, api_key_id, created_at)
    INCLUDE (input_tokens, output_tokens, cost_usd);
