#!/bin/sh
# Stands in for Prisma's native schema engine, which cannot be downloaded here.
# `prisma generate` never runs it; anything that would must fail loudly (exit 1).
echo "knoop: the native Prisma schema engine is not used; run 'npm run db -- <command>'" >&2
exit 1
