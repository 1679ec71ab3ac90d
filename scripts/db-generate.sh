#!/usr/bin/env bash
# drizzle-kit quotes custom column types that contain parentheses ("geography(Point,4326)"),
# which PostgreSQL then reads as a type name and rejects: unquote them after generating.
set -euo pipefail
cd "$(dirname "$0")/.."
npx drizzle-kit generate "$@"
sed -i -E 's/"(geography\([A-Za-z]+,[0-9]+\))"/\1/g' drizzle/*.sql
