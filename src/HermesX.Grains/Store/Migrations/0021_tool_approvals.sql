-- Server tools a tenant's turns may run only with a person's approval (by name). NULL is none; an
-- empty list is refused by the API (NULL says "none"). The tenants policies cover the new column as
-- they do the others, and the service role owns the table, so no grant changes.
ALTER TABLE tenants
    ADD COLUMN tools_requiring_approval text[] CHECK (cardinality(tools_requiring_approval) BETWEEN 1 AND 100);
