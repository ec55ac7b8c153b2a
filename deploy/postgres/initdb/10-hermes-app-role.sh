#!/bin/sh
# Runs once, on an empty data directory, from the official postgres image's
# /docker-entrypoint-initdb.d. Creates the role HermesX connects as and the database it owns.
#
# The role is deliberately NOT a superuser and has NO BYPASSRLS: every tenant table has
# FORCE ROW LEVEL SECURITY, and both of those attributes would skip the policies. Owning the
# database lets `hermesx migrate` create the schema. The postgres superuser (POSTGRES_USER)
# stays a separate account for administration and backups (scripts/backup).
#
# HERMES_DB_USER / HERMES_DB_PASSWORD / HERMES_DB_NAME are read by this script only (they are
# set on the postgres container, not on HermesX).
set -eu

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v app_user="${HERMES_DB_USER:-hermes}" \
  -v app_password="${HERMES_DB_PASSWORD:-hermes}" \
  -v app_db="${HERMES_DB_NAME:-hermes}" <<'SQL'
CREATE ROLE :"app_user" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
CREATE DATABASE :"app_db" OWNER :"app_user";
REVOKE ALL ON DATABASE :"app_db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"app_db" TO :"app_user";
SQL
