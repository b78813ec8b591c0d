#!/usr/bin/env bash
# System packages the test suite needs (none yet beyond Python); kept separate so CI and the
# README's test command install the same things.
set -euo pipefail
exit 0
