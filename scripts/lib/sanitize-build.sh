# Sourced by scripts/test --sanitize and scripts/fuzz: the one clang build both use, so that CI compiles
# the tree twice (g++ for scripts/test, this one), not three times.
#   - AddressSanitizer + UndefinedBehaviorSanitizer on everything;
#   - -Dfuzzing=true: everything also carries libFuzzer's coverage instrumentation
#     (-fsanitize=fuzzer-no-link, meson.build) and the fuzz targets are built, linked with
#     -fsanitize=fuzzer; for the tests that instrumentation only counts edges;
#   - -O1: what the AddressSanitizer documentation recommends for speed with usable stacks; the suite
#     and the fuzz targets both run on it.
# Build dir: build-sanitize/ (or $BUILD_DIR); unity as in scripts/build (UNITY=off for per-file units).
sanitize_build_dir=${BUILD_DIR:-build-sanitize}
sanitize_setup_args=(-Db_sanitize=address,undefined -Db_lundef=false -Dfuzzing=true
                     -Doptimization=1 -Ddebug=true)
# meson reads CXX only when it configures a fresh build dir.
export CXX=${SANITIZE_CXX:-clang++}
# Sanitizer reports with file:line (llvm-14 ships the symbolizer).
export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-/usr/lib/llvm-14/bin/llvm-symbolizer}
if [ -f "$sanitize_build_dir/build.ninja" ] && ! grep -q 'fuzzer-no-link' "$sanitize_build_dir/build.ninja"; then
  echo "$sanitize_build_dir/ predates the shared clang build (no -Dfuzzing=true):" \
    "rm -rf $sanitize_build_dir and run again" >&2
  exit 2
fi
