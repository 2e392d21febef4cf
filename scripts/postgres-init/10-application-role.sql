-- Run once by the postgres image when it creates the database (docker-entrypoint-initdb.d).
-- The owner (POSTGRES_USER) runs the migrations; the application connects as this role,
-- which `manage.py migrate` then grants only what it needs: on the audit log, insert and read.
CREATE ROLE tracker_app LOGIN PASSWORD 'tracker_app' NOSUPERUSER NOCREATEDB NOCREATEROLE;
GRANT CONNECT ON DATABASE tracker TO tracker_app;
