#!/bin/sh
# First start of compose.yaml's PostgreSQL (docker-entrypoint-initdb.d): the least-privilege role the
# app runs as (DATABASE_URL). POSTGRES_USER owns the tables and migrates (DATABASE_OWNER_URL); Relais
# grants this role its rights at each start. README « Deux rôles PostgreSQL ».
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v role="${RELAIS_APP_USER:-relais_app}" -v pw="${RELAIS_APP_PASSWORD:-relais_app}" <<'SQL'
CREATE ROLE :"role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw';
SQL
