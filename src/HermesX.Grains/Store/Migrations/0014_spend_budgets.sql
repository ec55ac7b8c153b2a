-- Spend budgets in USD: a tenant's daily and monthly budgets and a budget per end user a day; an API
-- key's daily and monthly budgets. NULL is no limit. Usage rows name the API key that spent them, so a
-- key's spend in a period can be read back when its counter starts (NULL: not an API key's turn).
ALTER TABLE tenants
    ADD COLUMN daily_budget_usd numeric(20, 6) CHECK (daily_budget_usd >= 0),
    ADD COLUMN monthly_budget_usd numeric(20, 6) CHECK (monthly_budget_usd >= 0),
    ADD COLUMN user_daily_budget_usd numeric(20, 6) CHECK (user_daily_budget_usd >= 0);

ALTER TABLE api_keys
    ADD COLUMN daily_budget_usd numeric(20, 6) CHECK (daily_budget_usd >= 0),
    ADD COLUMN monthly_budget_usd numeric(20, 6) CHECK (monthly_budget_usd >= 0);

ALTER TABLE usage_records ADD COLUMN api_key_id text;
