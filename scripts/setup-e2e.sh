#!/usr/bin/env bash
# Placeholder until the e2e tier lands: nothing to prepare.
exit 0
