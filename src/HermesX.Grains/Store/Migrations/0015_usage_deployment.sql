-- A usage row names the deployment (upstream host:port and model) that served its model call, so spend
-- can be read per deployment; NULL where the serving deployment is not known (embeddings, older rows).
ALTER TABLE usage_records ADD COLUMN deployment text;
