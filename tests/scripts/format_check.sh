#!/usr/bin/env bash
# The house format (.clang-format at the root) holds on every C++ file under src/ and tools/: a file that
# clang-format would change fails the run and is named, with the lines it would change.
set -euo pipefail
cd "$(dirname "$0")/../.."
mapfile -t files < <(find src tools -name '*.cpp' -o -name '*.h' | sort)
clang-format --dry-run --Werror "${files[@]}"
echo "clang-format: ${#files[@]} files clean"
