#!/usr/bin/env bash
# A scripted team on SQLite: two members and a lead, each role's answers in
# its model file (provider "scripted"); the critic's file_write is blocked
# by its allowed tools. Prints the group run's messages and its decision.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DATA_DIR=${DATA_DIR:-$(mktemp -d)}
bin=.build/debug/oi-host
$bin roles create researcher --prompt "You research options." --allow file_list --model-file examples/teams/researcher.model.json
$bin roles create critic --prompt "You look for what can go wrong." --allow file_list --model-file examples/teams/critic.model.json
$bin roles create lead --prompt "You decide." --lead --model-file examples/teams/lead.model.json
$bin groups create platform --role researcher --role critic --role lead
exec $bin groups run platform "Which database should we start with?" --stream
