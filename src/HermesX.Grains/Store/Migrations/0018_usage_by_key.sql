-- Spend per API key: a key's spend read back when its budget counter starts, the API keys' spend today
-- and this month beside their budgets (GET /v1/usage), and GET /v1/usage?group_by=api_key. Reads go
-- through row-level security, whose two SELECT policies (the tenant's own rows, or platform scope)
-- are OR'ed, so tenant_id can lead no index condition; key ids are unique across tenants, so the
-- index is led by the key: one key's rows of a period are one range, and the rows of a period come
-- in key order for grouping. It carries tenant_id (the policy's check) and the summed columns, so
-- these sums can be read from the index alone.
CREATE INDEX usage_records_key_time ON usage_records (api_key_id, created_at)
    INCLUDE (tenant_id, input_tokens, output_tokens, cost_usd);
